//! Cover letters in a session: written from the session's parsed resume, job and gap analysis,
//! kept with the session, and exported beside the resume. Like practice, a letter runs beside
//! the tailoring states and never moves the session.

use super::{latest_artifact, Workflow};
use crate::export::ExportFormat;
use crate::letter::{CoverLetter, LetterOptions};
use crate::store::{ArtifactKind, FileMeta, OwnerId};
use crate::Result;

impl Workflow {
    /// Writes a cover letter for the session's resume and job (see
    /// [`CoverLetter::write`]) and stores it with the session.
    ///
    /// # Errors
    /// `Conflict` when the session is cancelled or its resume is not parsed yet; `NotFound`
    /// without a job; storage errors.
    pub async fn cover_letter(
        &self,
        owner: &OwnerId,
        session_id: &str,
        options: LetterOptions,
    ) -> Result<CoverLetter> {
        self.live_session(owner, session_id).await?;
        let resume = self.parsed_resume_ready(owner, session_id).await?;
        let job = self.job(owner, session_id).await?;
        let gap = self
            .analysis_or_fresh(owner, session_id, &resume, &job)
            .await?;
        let letter = CoverLetter::write(&resume.profile, &job, &gap, options);
        self.inner
            .store
            .put_artifact(
                owner,
                session_id,
                ArtifactKind::CoverLetter,
                &serde_json::to_value(&letter)?,
            )
            .await?;
        Ok(letter)
    }

    /// Exports the session's latest cover letter under the person's own header to
    /// `exports/cover-letter.<ext>` in the session's files.
    ///
    /// # Errors
    /// `NotFound` before [`Workflow::cover_letter`]; `Conflict` when the session is cancelled;
    /// export and storage errors.
    pub async fn export_cover_letter(
        &self,
        owner: &OwnerId,
        session_id: &str,
        format: ExportFormat,
    ) -> Result<(FileMeta, Vec<u8>)> {
        self.live_session(owner, session_id).await?;
        let store = &*self.inner.store;
        let letter: CoverLetter =
            latest_artifact(store, owner, session_id, ArtifactKind::CoverLetter).await?;
        let resume = self.parsed_resume_ready(owner, session_id).await?;
        let document = letter.to_document(&resume.profile);
        self.store_export(owner, session_id, "cover-letter", &document, format)
            .await
    }
}
