//! The paper prose of this family, in LaTeX (citing only this family's references): the
//! abstract's claim, the introduction's opening, the related-work paragraph, the conclusion's closing, and the
//! discussion's limitations and broader impact.

use crate::families::Prose;

/// This family's paper prose.
pub static PROSE: Prose = Prose {
    abstract_claim: "Its stages of residual convolution blocks downsample the image step by step before a global pool and a linear classifier.",
    introduction: "Residual networks made depth trainable by letting every block learn a correction to its input rather than a replacement for it \\citep{he2016resnet}. A decade on they remain the honest baseline of image classification: cheap per pixel, friendly to every accelerator and every quantiser, and still hard to beat per watt. Their stages halve the resolution and double the channels on a fixed schedule, so the parameter count of a residual classifier follows from a handful of stage depths and a width multiplier.",
    related_work: "Bottleneck blocks trade a wide three-by-three convolution for a thin one sandwiched between projections, which is why the deeper residual networks are not much larger than the shallow ones. Later convolutional designs borrowed transformer habits such as larger kernels and layer normalisation, but the stage schedule of the residual family is still the reference point they are measured against.",
    conclusion: "A residual classifier has nowhere to hide its size: stages, widths and block types fix it exactly. That leaves the training data and the augmentation policy as the only places where this release can still go wrong.",
    limitations: "A convolutional network trades global context for locality: each output sees only its receptive field, which grows with depth and downsampling, and batch normalisation ties training behaviour to the batch size. Accuracy on a curated benchmark says little about shifted inputs such as new cameras, lighting or corruption, where convolutional networks are known to lean on texture over shape.",
    broader_impact: "Image classifiers end up sorting photographs of people as easily as photographs of objects, and their labels inherit the taxonomy and annotation biases of the training set. Label sets that name people or professions should be reviewed before deployment.",
};
