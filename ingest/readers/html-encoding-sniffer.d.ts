// Types of html-encoding-sniffer 6 (the package ships none; @types/html-encoding-sniffer describes v3).
// Version 6, not 7: 7 requires Node 22, the project runs on Node 20.
declare module 'html-encoding-sniffer' {
  export default function htmlEncodingSniffer(
    bytes: Uint8Array,
    options?: { xml?: boolean; transportLayerEncodingLabel?: string; defaultEncoding?: string },
  ): string;
}
