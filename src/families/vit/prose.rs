//! The paper prose of this family: the introduction's opening, the related-work
//! paragraph and the conclusion's closing, in LaTeX (citing only this family's references).

use crate::families::Prose;

/// This family's paper prose.
pub static PROSE: Prose = Prose {
    introduction: "Vision Transformers cut an image into square patches, embed each patch as a token and let global self-attention do the work that convolutions used to do locally \\citep{dosovitskiy2021vit}. The price is data hunger: without the translation equivariance of a convolution, the model has to learn from examples what a kernel knows for free. Patch size sets the sequence length, and sequence length sets the attention bill, so a classifier's cost is decided by one integer long before anyone looks at an accuracy table.",
    related_work: "After the original patch-based classifier, work on vision transformers split into two camps: one adds convolutional priors back in, the other keeps the plain encoder and spends the savings on data and augmentation. This model stays with the plain encoder and a learned class token, the variant whose parameter count and FLOPs are easiest to state exactly.",
    conclusion: "A plain patch encoder is the simplest vision backbone to account for: one patch size, one depth, one width. Whether those are the right ones for images from this domain is the question the held-out split must answer first.",
};
