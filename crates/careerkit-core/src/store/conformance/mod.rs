//! The shared conformance suite for Store, Queue and Workspace engines (in progress).
