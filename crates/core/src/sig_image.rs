//! Signature images (issue 12).
