//! Cover letters for Swift and Kotlin: the options as enums, the letter and the bullets it
//! quotes as records.

use careerkit::letter;

/// The voice of a cover letter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, uniffi::Enum)]
pub enum LetterTone {
    /// Conventional and reserved.
    #[default]
    Formal,
    /// Friendly and enthusiastic.
    Warm,
    /// Short sentences, straight to the point.
    Direct,
}

/// How much of the resume a cover letter draws on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, uniffi::Enum)]
pub enum LetterLength {
    /// One achievement.
    Short,
    /// Two achievements and the skills they show.
    #[default]
    Standard,
    /// Three achievements, the skills they show and what the person wants to grow into.
    Long,
}

/// A resume bullet a cover letter quotes, as written, with the posting's skills it names.
#[derive(Debug, Clone, uniffi::Record)]
pub struct LetterEvidence {
    /// The bullet, exactly as the resume has it.
    pub bullet: String,
    /// The employer it sits under.
    pub employer: Option<String>,
    /// The posting's skills it names.
    pub skills: Vec<String>,
}

/// A cover letter whose achievements are the resume's own bullets.
#[derive(Debug, Clone, uniffi::Record)]
pub struct CoverLetter {
    /// "Application for Senior Platform Engineer at Northwind".
    pub subject: String,
    /// "Dear Northwind hiring team,".
    pub greeting: String,
    /// The body, in order.
    pub paragraphs: Vec<String>,
    /// "Sincerely," or its tone's equivalent.
    pub closing: String,
    /// The person's name.
    pub signature: String,
    /// The resume bullets the body quotes.
    pub evidence: Vec<LetterEvidence>,
}

/// The core's options for `tone` and `length`.
pub(crate) fn options(tone: LetterTone, length: LetterLength) -> letter::LetterOptions {
    letter::LetterOptions {
        tone: match tone {
            LetterTone::Formal => letter::Tone::Formal,
            LetterTone::Warm => letter::Tone::Warm,
            LetterTone::Direct => letter::Tone::Direct,
        },
        length: match length {
            LetterLength::Short => letter::LetterLength::Short,
            LetterLength::Standard => letter::LetterLength::Standard,
            LetterLength::Long => letter::LetterLength::Long,
        },
    }
}

impl From<letter::CoverLetter> for CoverLetter {
    fn from(letter: letter::CoverLetter) -> Self {
        CoverLetter {
            subject: letter.subject,
            greeting: letter.greeting,
            paragraphs: letter.paragraphs,
            closing: letter.closing,
            signature: letter.signature,
            evidence: letter
                .evidence
                .into_iter()
                .map(|e| LetterEvidence {
                    bullet: e.bullet,
                    employer: e.employer,
                    skills: e.skills,
                })
                .collect(),
        }
    }
}
