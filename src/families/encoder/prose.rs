//! The paper prose of this family, in LaTeX (citing only this family's references): the
//! abstract's claim, the introduction's opening, the related-work paragraph, the conclusion's closing, and the
//! discussion's limitations and broader impact.

use crate::families::Prose;

/// This family's paper prose.
pub static PROSE: Prose = Prose {
    abstract_claim: "Its bidirectional encoder reads the whole input at once and hands a pooled representation to a small task head.",
    introduction: "Bidirectional encoders read a whole sequence at once and turn it into contextual vectors, which is what classification, retrieval and re-ranking actually need \\citep{devlin2019bert}. They are the unglamorous workhorses of production language systems: small enough to run on every query, fast enough to re-rank a hundred passages, and forgiving enough to fine-tune on a few thousand labelled examples. Their size is dominated, embarrassingly often, by the vocabulary table rather than by the layers that do the thinking.",
    related_work: "Masked language modelling gave encoders their pre-training signal; siamese fine-tuning turned them into sentence embedders; and cross-encoders that read the query and the passage together remain the most accurate re-rankers, at the price of one forward pass per pair. The head on top of the encoder, not the encoder itself, is what distinguishes these uses.",
    conclusion: "An encoder of this size is cheap to serve and cheap to get wrong: the head and the labelled data decide its quality far more than the last layer of width. The tables above pin down everything except those two.",
    limitations: "A bidirectional encoder sees the whole input at once and cannot generate; its value lies in the representation, and that representation is only as good as the pre-training corpus and the fine-tuning labels behind it. Attention cost grows with the square of the sequence length, so long documents are truncated or split, and a pooled vector summarises everything a downstream head will ever see of the text.",
    broader_impact: "Classifiers and rankers built on text encoders decide what people read, which applications are flagged and which documents are found. Their errors concentrate on dialects, names and topics that are rare in the training corpus, so audits should slice results by those groups.",
};
