//! The typst [`World`] of one print job: the template as the only source, and two kinds of virtual
//! files — `/data.json` (the handbooks, read by the template with `json`) and `/sig/<sha256>` (a
//! signature image). Nothing is read from disk and no package is fetched: a path the template or the
//! data names that is not one of these is "not found".

use std::collections::HashMap;
use std::path::PathBuf;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, Source, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use crate::fonts::Fonts;

pub(crate) struct PrintWorld<'a> {
    pub library: &'a LazyHash<Library>,
    pub fonts: &'a Fonts,
    pub template: &'a Source,
    /// Virtual path (`/data.json`, `/sig/<hex>`) → bytes.
    pub files: &'a HashMap<String, Bytes>,
}

impl World for PrintWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.template.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.template.id() {
            Ok(self.template.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let path = id.get().vpath().get_with_slash();
        if matches!(id.get().root(), VirtualRoot::Project) {
            if let Some(bytes) = self.files.get(path) {
                return Ok(bytes.clone());
            }
        }
        Err(FileError::NotFound(PathBuf::from(path)))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.faces.get(index).cloned()
    }

    /// The template never asks for today: the date printed is the view's `as_of`, so a reprint of the
    /// same records is the same document.
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}
