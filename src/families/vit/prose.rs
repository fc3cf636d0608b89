//! The paper prose of this family, in LaTeX (citing only this family's references): the
//! abstract's claim, the introduction's opening, the related-work paragraph, the conclusion's closing, and the
//! discussion's limitations and broader impact.

use crate::families::Prose;

/// This family's paper prose.
pub static PROSE: Prose = Prose {
    abstract_claim: "It cuts the image into patches and lets global self-attention relate every patch to every other from the first layer on.",
    introduction: "Vision Transformers cut an image into square patches, embed each patch as a token and let global self-attention do the work that convolutions used to do locally \\citep{dosovitskiy2021vit}. The price is data hunger: without the translation equivariance of a convolution, the model has to learn from examples what a kernel knows for free. Patch size sets the sequence length, and sequence length sets the attention bill, so a classifier's cost is decided by one integer long before anyone looks at an accuracy table.",
    related_work: "After the original patch-based classifier, work on vision transformers split into two camps: one adds convolutional priors back in, the other keeps the plain encoder and spends the savings on data and augmentation. This model stays with the plain encoder and a learned class token, the variant whose parameter count and FLOPs are easiest to state exactly.",
    conclusion: "A plain patch encoder is the simplest vision backbone to account for: one patch size, one depth, one width. Whether those are the right ones for images from this domain is the question the held-out split must answer first.",
    limitations: "A Vision Transformer has little built-in notion of locality, so it needs large pre-training sets or strong augmentation to match convolutional networks trained on the same data. Its cost grows with the square of the patch count, so higher input resolution or smaller patches raise attention cost steeply, and position embeddings must be interpolated when the resolution changes.",
    broader_impact: "Large image encoders inherit the biases of their pre-training collections and are reused far beyond the task they were trained for. Downstream users should evaluate them on their own data rather than trust a benchmark average.",
};
