//! The paper prose of this family, in LaTeX (citing only this family's references): the
//! abstract's claim, the introduction's opening, the related-work paragraph, the conclusion's closing, and the
//! discussion's limitations and broader impact.

use crate::families::Prose;

/// This family's paper prose.
pub static PROSE: Prose = Prose {
    abstract_claim: "Its network turns long audio sequences into text or sound, and its cost is governed by frame rate and sequence length as much as by width.",
    introduction: "Audio models work on signals that are long, dense and unforgiving: a few seconds of speech or music is tens of thousands of samples, and a listener hears an artefact that no loss curve shows. The standard answer is to compress first, into spectrogram frames for recognition \\citep{radford2023whisper} or into codec tokens for generation \\citep{copet2023musicgen}, and to let a transformer work on the shorter sequence. Frame rate and codebook count therefore matter as much as width and depth.",
    related_work: "Sequence-to-sequence recognisers trained on large weakly labelled corpora showed that scale covers for a great deal of acoustic mismatch, while token-based generators showed that a codec can turn waveform synthesis into language modelling over parallel codebooks. Both lines pay for quality with frames per second, and both are judged by listeners or error rates rather than by a likelihood.",
    conclusion: "For audio, the frame rate is the hidden parameter: it sets the sequence length, the latency and the cost of every second served. It is stated above; the listening test is not, and cannot be until there are weights.",
    limitations: "Audio costs are set by sequence length more than by width: a thirty-second clip becomes a long frame sequence for an encoder or a long codebook stream for a decoder, and attention over it grows with the square of that length. Sampling rate, frame hop and codec choice therefore move compute as much as any hyperparameter in our tables, and an error rate or audio-quality score depends on the test speakers, accents and recording conditions at least as much as on the network.",
    broader_impact: "Speech recognisers transcribe people who did not agree to be transcribed, and generated audio can imitate voices and music closely enough to mislead. Anyone deploying this architecture should check consent for the training recordings and label synthetic audio as such.",
};
