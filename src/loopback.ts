/**
 * 127.0.0.0/8, `::1` (bare or in brackets, as a URL's hostname writes it) or `localhost`: a host no
 * other machine reaches. One notion for every place that asks (serve's bind warning, the diff's
 * "same target" rule for the embedded provider's changing port).
 */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
