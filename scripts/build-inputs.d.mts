export declare const BUILD_INPUTS: readonly string[];
export declare const BUILD_STAMP: string;
export declare function newestInputMtime(root: string): number;
export declare function buildStamp(newestMs: number): string;
export declare function isBuildFresh(root: string): boolean;
