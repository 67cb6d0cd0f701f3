//! 结对帮扶手册: use cases (issue 12).
