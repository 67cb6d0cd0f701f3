//! Printing: the 结对帮扶手册 as an A4 PDF laid out like the paper booklet, typeset by typst used as a
//! library (see `docs/adr/0002-pdf-typst.md`). typst is a large dependency, so it lives here only:
//! the CLI and the desktop shell link this crate; the domain, store and core never see typst.
//!
//! The data never becomes markup. The template (`handbook.typ`, compiled once per [`Printer`]) reads
//! the handbooks from the virtual file `/data.json` and signature images from `/sig/<sha256>`, both
//! served by this crate's `World`; a name, a note or a visit's content containing `#`, `[`, `$` or `\`
//! is a string value to typst and prints as typed.

mod data;
mod fonts;
mod world;

use std::collections::HashMap;

use typst::diag::SourceDiagnostic;
use typst::foundations::Bytes;
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt};
use typst_layout::PagedDocument;
use zhucun_core::handbook_view::HandbookView;

pub use fonts::{Fonts, DEBIAN_FILES, FAMILY, PACKAGE};

/// The template, in the booklet's order. Reads only `/data.json` and `/sig/…`.
const TEMPLATE: &str = include_str!("handbook.typ");

/// How long typst's memoisation keeps results unused (in compilations): bounds the memory of a
/// long-running desktop app that prints many times, while a re-print of the same households stays fast.
const CACHE_MAX_AGE: usize = 8;

/// Why a print failed, in Chinese: what is wrong and what to do.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error("找不到打印手册所需的中文字体 Noto Sans CJK（{path}：{detail}）。请安装 {pkg} 软件包（Debian/Ubuntu：sudo apt install {pkg}）后重试。", pkg = PACKAGE)]
    Fonts { path: String, detail: String },
    #[error("没有要打印的手册：请至少选择一户。")]
    Empty,
    #[error("手册排版失败：{detail}。这是程序的问题，请把这段文字报告给开发人员。")]
    Typeset { detail: String },
}

/// Fonts, the standard library and the parsed template, made once and reused for every document.
pub struct Printer {
    fonts: Fonts,
    library: LazyHash<Library>,
    template: Source,
}

/// The handbooks converted for the template (`/data.json`) with their signature images: what typst
/// reads. Made by [`Printer::prepare`], typeset by [`Printer::typeset_only`].
pub struct PrintJob {
    files: HashMap<String, Bytes>,
    households: usize,
}

impl PrintJob {
    /// How many households the job prints.
    pub fn households(&self) -> usize {
        self.households
    }

    /// The signature images the job embeds (each distinct image once).
    pub fn images(&self) -> usize {
        self.files.len() - 1
    }
}

impl Printer {
    /// A printer with Noto Sans CJK SC from Debian's `fonts-noto-cjk`; [`PrintError::Fonts`] names the
    /// package when the files are missing.
    pub fn new() -> Result<Printer, PrintError> {
        Printer::with_fonts(Fonts::load()?)
    }

    /// A printer with fonts loaded elsewhere (e.g. [`Fonts::from_files`] with a bundled copy).
    pub fn with_fonts(fonts: Fonts) -> Result<Printer, PrintError> {
        let path = VirtualPath::new("/handbook.typ").map_err(|e| PrintError::Typeset {
            detail: format!("{e:?}"),
        })?;
        let id: FileId = RootedPath::new(VirtualRoot::Project, path).intern();
        Ok(Printer {
            fonts,
            library: LazyHash::new(Library::builder().build()),
            template: Source::new(id, TEMPLATE.to_string()),
        })
    }

    /// One PDF with the handbooks of `books` in order, each household starting on a new page with its
    /// own cover and its own page numbering (第 N 页 共 M 页, 户编号 in the footer). `image` returns the
    /// bytes of a signature image by its SHA-256 (the `signature_image` key); an image that is missing,
    /// does not match its hash or is not PNG/JPEG is printed as a note in its cell, never silently as
    /// 已签名 without a picture.
    pub fn handbooks(
        &self,
        books: &[HandbookView],
        image: &dyn Fn(&str) -> Option<Vec<u8>>,
    ) -> Result<Vec<u8>, PrintError> {
        let job = self.prepare(books, image)?;
        self.typeset_only(&job)
    }

    /// Our part of a print: the views converted to the template's data and the signature images read
    /// and checked. No typesetting.
    pub fn prepare(
        &self,
        books: &[HandbookView],
        image: &dyn Fn(&str) -> Option<Vec<u8>>,
    ) -> Result<PrintJob, PrintError> {
        if books.is_empty() {
            return Err(PrintError::Empty);
        }
        let mut c = data::Collector::new(image);
        let doc = data::Doc {
            books: books.iter().map(|b| c.book(b)).collect(),
        };
        let json = serde_json::to_vec(&doc).map_err(|e| PrintError::Typeset {
            detail: e.to_string(),
        })?;
        let mut files = c.files;
        files.insert("/data.json".to_string(), Bytes::new(json));
        Ok(PrintJob {
            files,
            households: books.len(),
        })
    }

    /// typst alone on a prepared job: compile the template over its data and write the PDF. The
    /// benchmark baseline — [`Printer::handbooks`] is [`Printer::prepare`] plus this, so the difference
    /// between the two timings is our view conversion.
    /// Forget what typst memoised from earlier documents, so the next print starts cold (the
    /// benchmark times every run from cold; the app keeps the cache, which is why a second print of
    /// the same pages is quicker).
    pub fn forget(&self) {
        typst::comemo::evict(0);
    }

    pub fn typeset_only(&self, job: &PrintJob) -> Result<Vec<u8>, PrintError> {
        let world = world::PrintWorld {
            library: &self.library,
            fonts: &self.fonts,
            template: &self.template,
            files: &job.files,
        };
        let result = typst::compile::<PagedDocument>(&world).output;
        let pdf = result.and_then(|doc| typst_pdf::pdf(&doc, &pdf_options()));
        typst::comemo::evict(CACHE_MAX_AGE);
        pdf.map_err(|diags| PrintError::Typeset {
            detail: describe(&diags),
        })
    }
}

fn describe(diags: &[SourceDiagnostic]) -> String {
    let mut parts: Vec<String> = diags.iter().map(|d| d.message.to_string()).collect();
    parts.dedup();
    parts.join("；")
}

/// Untagged: the handbook is printed on paper, and the app itself is how the records are read on screen.
/// Tagging (the PDF structure tree) made a 300-household village's PDF 29 MB instead of 4 MB and took
/// half the typesetting time. Text stays extractable (the tests read it back with `pdftotext`).
fn pdf_options() -> typst_pdf::PdfOptions {
    typst_pdf::PdfOptions {
        tagged: false,
        ..Default::default()
    }
}
