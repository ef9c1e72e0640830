/**
 * Bumped whenever the converter's output changes, so models/*.onnx converted
 * by an older converter are rebuilt (it is part of the model card's sourceHash).
 */
export const CONVERTER_VERSION = "1.1.0";
