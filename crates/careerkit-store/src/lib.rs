//! careerkit-store: engines for careerkit-core's persistence ports (work in progress; the
//! SQLite/PostgreSQL engine lands next).
