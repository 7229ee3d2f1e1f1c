// @facegate/train: a compact projection head over face embeddings, trained
// with the FaceNet triplet loss on the kernels of @facegate/kernels. Nothing
// here imports Node modules; head files on disk are in '@facegate/train/node'.

export { HeadFileError, InvalidTrainingInputError, TrainingError } from './errors.js';
export { ProjectionHead, type HeadActivations, type HeadGradients, type ProjectionHeadShape } from './projection-head.js';
export { SeededRandom } from './random.js';
export { Adam, type AdamOptions } from './adam.js';
export { IdentityGroups, epochBatches, type BatchComposition, type IdentityBatch } from './identity-batches.js';
export {
  NEGATIVE_SELECTIONS,
  type NegativeSelection,
  type SelectedTriplets,
  gatherRows,
  pairwiseSquaredL2,
  scatterAddRows,
  selectTriplets,
} from './triplet-selection.js';
export { type StepOptions, type StepResult, trainingStep } from './training-step.js';
export { type PrincipalComponents, principalComponents, symmetricEigen } from './principal-components.js';
export {
  DEFAULT_TRAINING_SETTINGS,
  HEAD_INITIALISATIONS,
  type HeadInitialisation,
  type EpochRecord,
  type TrainingResult,
  type TrainingRun,
  type TrainingSet,
  type TrainingSettings,
  trainProjectionHead,
} from './train-projection-head.js';
export {
  HEAD_FILE_MAGIC,
  HEAD_FILE_VERSION,
  type DecodedHead,
  type HeadFileHeader,
  type HeadMetadata,
  type HeadThreshold,
  type HeadTrainingRecord,
  decodeHeadFile,
  encodeHeadFile,
  headModelId,
  isValidHeadName,
} from './head-file.js';
export { type ChartSeries, renderLossChart } from './loss-chart.js';
export { projectPhotoEmbeddings } from './project-embeddings.js';
export { crc32 } from './crc32.js';
