//! The fonts the handbook is set in: Noto Sans CJK SC (regular and bold) from Debian's `fonts-noto-cjk`,
//! read once from `/usr/share/fonts` and shared by every document a [`crate::Printer`] makes. Only the
//! Simplified Chinese faces of the `.ttc` collections are kept; typst embeds the glyphs a document uses
//! (a subset), never the whole 20 MB collections.

use std::path::{Path, PathBuf};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

use crate::PrintError;

/// The family the template asks for (`set text(font: …)`).
pub const FAMILY: &str = "Noto Sans CJK SC";

/// The Debian package that ships the fonts, named in the error when they are missing.
pub const PACKAGE: &str = "fonts-noto-cjk";

/// Where Debian installs the collections.
pub const DEBIAN_FILES: [&str; 2] = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
];

/// Loaded faces and their book; cheap to share (the font data is reference-counted).
pub struct Fonts {
    pub(crate) book: LazyHash<FontBook>,
    pub(crate) faces: Vec<Font>,
}

impl Fonts {
    /// Noto Sans CJK SC from the Debian files.
    pub fn load() -> Result<Fonts, PrintError> {
        let paths: Vec<PathBuf> = DEBIAN_FILES.iter().map(PathBuf::from).collect();
        Fonts::from_files(&paths)
    }

    /// The [`FAMILY`] faces of the given font files (`.ttc` collections or single `.otf`/`.ttf`). Every
    /// file must exist and hold at least one face of the family, so a broken install is reported, not
    /// printed in a fallback font.
    pub fn from_files(paths: &[PathBuf]) -> Result<Fonts, PrintError> {
        let mut faces = Vec::new();
        for path in paths {
            let data = std::fs::read(path).map_err(|e| missing(path, &e.to_string()))?;
            let before = faces.len();
            faces.extend(Font::iter(Bytes::new(data)).filter(|f| f.info().family == FAMILY));
            if faces.len() == before {
                return Err(missing(path, &format!("文件中没有 {FAMILY} 字体")));
            }
        }
        if faces.is_empty() {
            return Err(PrintError::Fonts {
                path: String::new(),
                detail: "没有给出字体文件".into(),
            });
        }
        let book = FontBook::from_fonts(faces.iter());
        Ok(Fonts {
            book: LazyHash::new(book),
            faces,
        })
    }

    /// How many faces were loaded (regular and bold: 2).
    pub fn len(&self) -> usize {
        self.faces.len()
    }

    pub fn is_empty(&self) -> bool {
        self.faces.is_empty()
    }
}

fn missing(path: &Path, detail: &str) -> PrintError {
    PrintError::Fonts {
        path: path.display().to_string(),
        detail: detail.to_string(),
    }
}
