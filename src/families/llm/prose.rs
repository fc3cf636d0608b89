//! The paper prose of this family, in LaTeX (citing only this family's references): the
//! abstract's claim, the introduction's opening, the related-work paragraph, the conclusion's closing, and the
//! discussion's limitations and broader impact.

use crate::families::Prose;

/// This family's paper prose.
pub static PROSE: Prose = Prose {
    abstract_claim: "It predicts the next token with a stack of causal attention blocks, and its serving memory at long context belongs to the key-value cache.",
    introduction: "Decoder-only language models predict the next token and nothing else, and that single objective has turned out to carry translation, summarisation and a worrying amount of confident small talk \\citep{touvron2023llama}. The recipe is settled: pre-normalised blocks, rotary positions, gated feed-forward layers and grouped key-value heads that keep the cache affordable at long context. What is not settled is the bookkeeping. Open checkpoints ship with rounded sizes, context lengths that the cache budget quietly forbids, and token counts nobody can reconcile with the stated hardware.",
    related_work: "The LLaMA line fixed the block layout most open decoders now share, and its successors mostly turn the same four knobs: width, depth, the number of key-value groups and the context window. Serving work since then has been about the cache rather than the weights, because at long context the keys and values, not the parameters, decide how many requests fit on a card.",
    conclusion: "A decoder that predicts tokens is easy to describe and expensive to train. The cache figure and the compute-optimal budget above are the two numbers a reader should check before believing anything this model is later said to know.",
    limitations: "A decoder-only model spends most of its serving memory on the key-value cache at long context, not on its weights, and generates one token at a time, so latency is bound by memory bandwidth rather than arithmetic. Quality tracks the number and quality of training tokens as much as the parameter count, and a model trained past its data repeats that data instead of learning from it.",
    broader_impact: "A language model writes fluent text whether or not it is true, and that fluency is the main risk: fabricated facts, confident advice and text that passes for human writing. Safety tuning, refusal behaviour and evaluation for harmful content are outside what this release specifies and must be added before anyone talks to it.",
};
