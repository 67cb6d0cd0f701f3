//! Signature images (issue 12): a drawing from the signature pad or a photo of a wet signature or a
//! thumbprint, made ready to be stored once in `signature_image` and sent with the bundles.
//!
//! [`prepare`] accepts PNG or JPEG only, told by the first bytes (never by the file name); decodes it
//! under [`limits`] so a decompression bomb is refused before anything large is allocated; scales it
//! down so its longer edge is at most `max_px` (never up); and encodes it again: a PNG (a pad drawing,
//! usually transparent) stays PNG, a photo becomes JPEG of quality [`JPEG_QUALITY`]. Encoding again
//! drops every piece of metadata the file carried (EXIF with the phone's GPS position and time,
//! comments, colour profiles): only the pixels are kept, turned upright first by the EXIF orientation
//! so a photo taken sideways prints the right way round. When the result is still over `max_kb`, JPEG
//! is tried twice more, smaller and at lower quality, and then the image is refused with the size
//! found and the limit. The same input always gives the same bytes, so the same image is stored once.

use std::io::Cursor;

use base64::Engine as _;
use image::codecs::jpeg::{JpegDecoder, JpegEncoder};
use image::codecs::png::{CompressionType, FilterType, PngDecoder, PngEncoder};
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageError, Limits};

/// The largest image file read (callers read it with `zhucun_files::read_bounded` and this limit).
pub const MAX_INPUT_BYTES: u64 = 20 * 1024 * 1024;
/// The largest width or height decoded, in pixels.
pub const MAX_SIDE: u32 = 12_000;
/// The most memory the decoded pixels may take.
pub const MAX_ALLOC: u64 = 256 * 1024 * 1024;
/// The quality a photo is encoded at first.
pub const JPEG_QUALITY: u8 = 80;
/// The retries when the result is over the size limit: (JPEG quality, scale of the longer edge in %).
const RETRIES: [(u8, u32); 2] = [(65, 100), (50, 75)];

const PNG_MAGIC: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
const JPEG_MAGIC: &[u8] = &[0xFF, 0xD8, 0xFF];

/// An image ready to be stored: its bytes as encoded again, their size in pixels and their SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedImage {
    /// `image/png` or `image/jpeg`.
    pub mime: &'static str,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
    /// Lower-case hex SHA-256 of `bytes` (the `signature_image` row's id).
    pub sha256: String,
}

impl PreparedImage {
    /// The bytes in standard base64 with padding (how `signature_image.data` keeps them).
    pub fn base64(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(&self.bytes)
    }
}

/// The bytes of a base64 text as [`PreparedImage::base64`] writes it; `None` when it is not base64.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::STANDARD.decode(text).ok()
}

/// Why an image was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SigImageError {
    /// Not PNG or JPEG by its first bytes; `found` says what it looks like instead.
    Kind { found: &'static str },
    /// The file is over [`MAX_INPUT_BYTES`].
    FileTooLarge { bytes: u64, max: u64 },
    /// Still over the size limit after scaling and compressing.
    TooLarge { bytes: u64, max_kb: u32 },
    /// PNG or JPEG by its first bytes but not readable (truncated or damaged).
    Unreadable { detail: String },
    /// Its width or height is over [`MAX_SIDE`], or its pixels would take more than [`MAX_ALLOC`],
    /// or it has no pixels. `None` when the decoder refused before telling the size.
    Dimensions { size: Option<(u32, u32)> },
}

impl SigImageError {
    /// Every code [`SigImageError::code`] can return.
    pub const ALL_CODES: &'static [&'static str] = &["image.kind", "image.too_large", "image.unreadable", "image.dimensions"];

    /// The stable code the UI maps to its text.
    pub fn code(&self) -> &'static str {
        match self {
            SigImageError::Kind { .. } => "image.kind",
            SigImageError::FileTooLarge { .. } | SigImageError::TooLarge { .. } => "image.too_large",
            SigImageError::Unreadable { .. } => "image.unreadable",
            SigImageError::Dimensions { .. } => "image.dimensions",
        }
    }

    /// What is wrong, in Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            SigImageError::Kind { found } => {
                format!("签名图片只收 PNG 或 JPEG（JPG）图片（按文件内容判断，不看文件名），这个文件是{found}。")
            }
            SigImageError::FileTooLarge { bytes, max } => {
                format!("图片文件太大（{}），上限是 {}。", zhucun_files::size_zh(*bytes), zhucun_files::size_zh(*max))
            }
            SigImageError::TooLarge { bytes, max_kb } => format!(
                "图片缩小、压缩后仍有 {} KB，超过签名图片 {max_kb} KB 的上限（参数 signature.max_kb）。",
                bytes.div_ceil(1024)
            ),
            SigImageError::Unreadable { .. } => "图片读不出来：文件不完整或已损坏。".to_string(),
            SigImageError::Dimensions { size: Some((0, _)) | Some((_, 0)) } => "图片没有像素（宽或高为 0）。".to_string(),
            SigImageError::Dimensions { size: Some((w, h)) } => format!(
                "图片尺寸 {w}×{h} 像素太大：每边最多 {MAX_SIDE} 像素、解码后最多 {} MB，已拒绝（防止异常图片占满内存）。",
                MAX_ALLOC / (1024 * 1024)
            ),
            SigImageError::Dimensions { size: None } => format!(
                "图片尺寸太大：每边最多 {MAX_SIDE} 像素、解码后最多 {} MB，已拒绝（防止异常图片占满内存）。",
                MAX_ALLOC / (1024 * 1024)
            ),
        }
    }

    /// How to fix it, in Chinese.
    pub fn hint_zh(&self) -> &'static str {
        match self {
            SigImageError::Kind { found } if found.contains("HEIC") => {
                "请换成 PNG 或 JPG：苹果手机可在“设置 → 相机 → 格式”中选“兼容性最佳”后重拍，或截图后再选。"
            }
            SigImageError::Kind { .. } => "请用签名板签名，或用手机拍下签名、手印，保存为 PNG 或 JPG 图片后再选。",
            SigImageError::FileTooLarge { .. } => "请换一张小一些的图片，或在手机上截图、压缩后再选。",
            SigImageError::TooLarge { .. } => "请只拍签名或手印那一小块（裁掉多余的背景），或换一张更简单的图片。",
            SigImageError::Unreadable { .. } => "请重新拍照或重新导出图片；从别处拷来的请确认已拷完整。",
            SigImageError::Dimensions { .. } => "请先在手机或电脑上把图片缩小（每边几千像素以内）再选。",
        }
    }

    /// The decoder's own words, for logs (English; not shown as the message).
    pub fn detail(&self) -> Option<&str> {
        match self {
            SigImageError::Unreadable { detail } => Some(detail),
            _ => None,
        }
    }
}

impl std::fmt::Display for SigImageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_zh())
    }
}

impl std::error::Error for SigImageError {}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Png,
    Jpeg,
}

fn kind_of(bytes: &[u8]) -> Result<Kind, SigImageError> {
    if bytes.starts_with(PNG_MAGIC) {
        return Ok(Kind::Png);
    }
    if bytes.starts_with(JPEG_MAGIC) {
        return Ok(Kind::Jpeg);
    }
    let found = if bytes.is_empty() {
        "空文件"
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        "GIF 图片"
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        "WebP 图片"
    } else if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" && [&b"heic"[..], b"heix", b"mif1", b"msf1", b"hevc"].contains(&&bytes[8..12]) {
        "HEIC 照片（苹果手机的默认格式）"
    } else if bytes.starts_with(b"BM") {
        "BMP 图片"
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        "TIFF 图片"
    } else if bytes.starts_with(b"%PDF-") {
        "PDF 文件"
    } else if bytes.starts_with(b"PK\x03\x04") {
        "压缩包或 Office 文档"
    } else if bytes.iter().take(512).all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace() || *b >= 0x80) {
        "文本文件"
    } else {
        "其他格式的文件"
    };
    Err(SigImageError::Kind { found })
}

/// The limits every image is decoded under.
pub fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    limits
}

/// Width and height from a PNG's IHDR, read before the decoder so a refusal can quote them.
fn png_header_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
    Some((w, h))
}

fn size_ok(size: (u32, u32), bytes_per_pixel: u64) -> bool {
    let (w, h) = size;
    w > 0 && h > 0 && w <= MAX_SIDE && h <= MAX_SIDE && u64::from(w) * u64::from(h) * bytes_per_pixel <= MAX_ALLOC
}

fn decode_error(e: ImageError, size: Option<(u32, u32)>) -> SigImageError {
    match e {
        ImageError::Limits(_) => SigImageError::Dimensions { size },
        other => SigImageError::Unreadable { detail: other.to_string() },
    }
}

/// The image as stored in the file, and the turn its EXIF asks for (a JPEG taken sideways). The turn
/// is applied by the caller after scaling down ([`prepare`]): turning copies every pixel, and a copy of
/// the small image keeps the peak within [`MAX_ALLOC`] where a copy of the decoded photo would double it.
fn decode(bytes: &[u8], kind: Kind) -> Result<(DynamicImage, Orientation), SigImageError> {
    match kind {
        Kind::Png => {
            let header = png_header_size(bytes);
            // Every pixel of a PNG may take up to 8 bytes (RGBA, 16 bits a channel).
            if let Some(size) = header.filter(|s| !size_ok(*s, 8)) {
                return Err(SigImageError::Dimensions { size: Some(size) });
            }
            let decoder = PngDecoder::with_limits(Cursor::new(bytes), limits()).map_err(|e| decode_error(e, header))?;
            let size = decoder.dimensions();
            if !size_ok(size, 1) || decoder.total_bytes() > MAX_ALLOC {
                return Err(SigImageError::Dimensions { size: Some(size) });
            }
            Ok((DynamicImage::from_decoder(decoder).map_err(|e| decode_error(e, Some(size)))?, Orientation::NoTransforms))
        }
        Kind::Jpeg => {
            let mut decoder = JpegDecoder::new(Cursor::new(bytes)).map_err(|e| decode_error(e, None))?;
            let size = decoder.dimensions();
            if !size_ok(size, 1) || decoder.total_bytes() > MAX_ALLOC {
                return Err(SigImageError::Dimensions { size: Some(size) });
            }
            decoder.set_limits(limits()).map_err(|e| decode_error(e, Some(size)))?;
            // A photo taken sideways carries its turn in EXIF, which encoding again drops.
            let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
            Ok((DynamicImage::from_decoder(decoder).map_err(|e| decode_error(e, Some(size)))?, orientation))
        }
    }
}

/// The size with the longer edge at most `max_px`, the aspect kept (rounded, at least 1 pixel).
fn fitted(width: u32, height: u32, max_px: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= max_px {
        return (width, height);
    }
    let scale = |side: u32| -> u32 {
        let v = (u64::from(side) * u64::from(max_px) + u64::from(long) / 2) / u64::from(long);
        u32::try_from(v).unwrap_or(max_px).clamp(1, max_px)
    };
    (scale(width), scale(height))
}

/// `img` with its longer edge at most `max_px` — itself when it fits (no copy).
fn scaled(img: DynamicImage, max_px: u32) -> DynamicImage {
    let (w, h) = fitted(img.width(), img.height(), max_px);
    if (w, h) == (img.width(), img.height()) {
        img
    } else {
        img.thumbnail_exact(w, h)
    }
}

fn encode_png(img: &DynamicImage) -> Result<Vec<u8>, SigImageError> {
    // 8 bits a channel, grey kept grey, alpha kept when there is any.
    let img = match (img.color().has_color(), img.color().has_alpha()) {
        (false, false) => DynamicImage::ImageLuma8(img.to_luma8()),
        (false, true) => DynamicImage::ImageLumaA8(img.to_luma_alpha8()),
        (true, false) => DynamicImage::ImageRgb8(img.to_rgb8()),
        (true, true) => DynamicImage::ImageRgba8(img.to_rgba8()),
    };
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Best, FilterType::Adaptive)
        .write_image(img.as_bytes(), img.width(), img.height(), img.color().into())
        .map_err(|e| SigImageError::Unreadable { detail: e.to_string() })?;
    Ok(out)
}

/// JPEG has no transparency: a transparent pixel becomes white paper.
fn on_white(img: &DynamicImage) -> image::RgbImage {
    if !img.color().has_alpha() {
        return img.to_rgb8();
    }
    let rgba = img.to_rgba8();
    let mut out = image::RgbImage::new(rgba.width(), rgba.height());
    for (o, p) in out.pixels_mut().zip(rgba.pixels()) {
        let a = u32::from(p[3]);
        for c in 0..3 {
            o[c] = ((u32::from(p[c]) * a + 255 * (255 - a) + 127) / 255) as u8;
        }
    }
    out
}

fn encode_jpeg(img: &DynamicImage, quality: u8) -> Result<Vec<u8>, SigImageError> {
    let rgb = on_white(img);
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .write_image(rgb.as_raw(), rgb.width(), rgb.height(), image::ExtendedColorType::Rgb8)
        .map_err(|e| SigImageError::Unreadable { detail: e.to_string() })?;
    Ok(out)
}

/// The SHA-256 of `bytes` as 64 lower-case hex digits: a signature image's name.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Make `bytes` (a PNG or JPEG file) a signature image: longer edge at most `max_px`, at most
/// `max_kb` KB, metadata dropped. See the module's documentation.
pub fn prepare(bytes: &[u8], max_px: u32, max_kb: u32) -> Result<PreparedImage, SigImageError> {
    let len = bytes.len() as u64;
    if len > MAX_INPUT_BYTES {
        return Err(SigImageError::FileTooLarge { bytes: len, max: MAX_INPUT_BYTES });
    }
    let kind = kind_of(bytes)?;
    let (img, orientation) = decode(bytes, kind)?;
    let max_px = max_px.max(1);
    let max_bytes = u64::from(max_kb) * 1024;
    // Scaled down first, then turned upright (a turn keeps the longer edge, so the fit is the same).
    let mut first = scaled(img, max_px);
    first.apply_orientation(orientation);
    let (mime, out) = match kind {
        Kind::Png => ("image/png", encode_png(&first)?),
        Kind::Jpeg => ("image/jpeg", encode_jpeg(&first, JPEG_QUALITY)?),
    };
    let mut best = (mime, first.width(), first.height(), out);
    for (quality, percent) in RETRIES {
        if best.3.len() as u64 <= max_bytes {
            break;
        }
        let px = (u64::from(max_px) * u64::from(percent) / 100).max(1) as u32;
        let smaller = scaled(first.clone(), px);
        let out = encode_jpeg(&smaller, quality)?;
        if out.len() < best.3.len() {
            best = ("image/jpeg", smaller.width(), smaller.height(), out);
        }
    }
    let (mime, width, height, bytes) = best;
    if bytes.len() as u64 > max_bytes {
        return Err(SigImageError::TooLarge { bytes: bytes.len() as u64, max_kb });
    }
    let sha256 = sha256_hex(&bytes);
    Ok(PreparedImage { mime, width, height, bytes, sha256 })
}

/// Whether `bytes`, kept under `sha`, are a signature image as [`prepare`] makes them: their SHA-256
/// is `sha`, they are a PNG or a JPEG by their magic bytes, and the header's width and height are at
/// most `max_px` (read from the header only, nothing decoded). A row synced from a peer is checked so
/// before it is shown or printed.
pub fn kept_ok(bytes: &[u8], sha: &str, max_px: u32) -> bool {
    if !sha256_hex(bytes).eq_ignore_ascii_case(sha.trim()) {
        return false;
    }
    let size = match kind_of(bytes) {
        Ok(Kind::Png) => png_header_size(bytes),
        Ok(Kind::Jpeg) => JpegDecoder::new(Cursor::new(bytes)).ok().map(|d| d.dimensions()),
        Err(_) => None,
    };
    size.is_some_and(|(w, h)| w > 0 && h > 0 && w <= max_px && h <= max_px)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts the bytes this thread holds, and their peak, while `COUNTING` is set on it.
    mod peak {
        use std::alloc::{GlobalAlloc, Layout, System};
        use std::cell::Cell;
        thread_local! {
            static COUNTING: Cell<bool> = const { Cell::new(false) };
            static NOW: Cell<i64> = const { Cell::new(0) };
            static PEAK: Cell<i64> = const { Cell::new(0) };
        }
        fn add(n: i64) {
            let _ = COUNTING.try_with(|c| {
                if c.get() {
                    let now = NOW.with(|x| {
                        x.set(x.get() + n);
                        x.get()
                    });
                    PEAK.with(|p| p.set(p.get().max(now)));
                }
            });
        }
        pub struct Peak;
        unsafe impl GlobalAlloc for Peak {
            unsafe fn alloc(&self, l: Layout) -> *mut u8 {
                let p = unsafe { System.alloc(l) };
                if !p.is_null() {
                    add(l.size() as i64);
                }
                p
            }
            unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
                unsafe { System.dealloc(p, l) };
                add(-(l.size() as i64));
            }
            unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
                let q = unsafe { System.realloc(p, l, new) };
                if !q.is_null() {
                    add(new as i64 - l.size() as i64);
                }
                q
            }
        }
        /// The peak of the bytes held on this thread above what it held before, while `f` runs.
        pub fn of<T>(f: impl FnOnce() -> T) -> (T, i64) {
            NOW.with(|x| x.set(0));
            PEAK.with(|x| x.set(0));
            COUNTING.with(|c| c.set(true));
            let out = f();
            COUNTING.with(|c| c.set(false));
            (out, PEAK.with(Cell::get))
        }
    }
    #[global_allocator]
    static ALLOC: peak::Peak = peak::Peak;

    /// `jpeg` with an EXIF orientation 6 (the camera turned: rotate 90° clockwise) right after SOI.
    fn sideways(jpeg: &[u8]) -> Vec<u8> {
        let mut tiff = b"MM\0*\0\0\0\x08".to_vec();
        tiff.extend_from_slice(&[0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend_from_slice(&tiff);
        let mut turned = vec![0xFF, 0xD8, 0xFF, 0xE1];
        turned.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
        turned.extend_from_slice(&app1);
        turned.extend_from_slice(&jpeg[2..]);
        turned
    }

    #[test]
    fn a_large_photo_taken_sideways_is_scaled_down_before_it_is_turned() {
        let (w, h) = (3000u32, 2000u32);
        let turned = sideways(&photo_jpeg(w, h));
        let decoded = i64::from(w) * i64::from(h) * 3;
        let (p, peak) = peak::of(|| prepare(&turned, 1200, 200).unwrap());
        assert_eq!((p.width, p.height), (800, 1200), "upright, scaled");
        // The decoded photo once, plus small images: a turned copy of the full photo would double it.
        assert!(peak < decoded * 3 / 2, "peak {peak} bytes for a decoded photo of {decoded}");
    }

    #[test]
    fn a_kept_image_must_match_its_sha_its_kind_and_the_size_limit() {
        let img = prepare(&pad_png(300, 100), 1200, 200).unwrap();
        assert!(kept_ok(&img.bytes, &img.sha256, 1200));
        assert!(!kept_ok(&img.bytes, &sha256_hex(b"other"), 1200), "bytes not matching their id");
        assert!(!kept_ok(&img.bytes, &img.sha256, 200), "wider than signature.photo_max_px");
        let gif = b"GIF89a....".to_vec();
        assert!(!kept_ok(&gif, &sha256_hex(&gif), 1200), "not a PNG or JPEG");
        let jpeg = prepare(&photo_jpeg(800, 600), 400, 200).unwrap();
        assert!(kept_ok(&jpeg.bytes, &jpeg.sha256, 400));
        assert!(!kept_ok(&jpeg.bytes, &jpeg.sha256, 399));
    }
    use image::{ImageBuffer, Rgb, Rgba};

    /// A signature pad drawing: dark strokes on a transparent background.
    fn pad_png(w: u32, h: u32) -> Vec<u8> {
        let img = ImageBuffer::from_fn(w, h, |x, y| {
            if (x + 2 * y) % 37 < 3 || (y * 5 / 4).abs_diff(x % h.max(1)) < 2 {
                Rgba([20u8, 20, 60, 255])
            } else {
                Rgba([0u8, 0, 0, 0])
            }
        });
        let mut out = Vec::new();
        PngEncoder::new(&mut out).write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgba8).unwrap();
        out
    }

    /// A photo: smooth colours with some texture.
    fn photo_jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = ImageBuffer::from_fn(w, h, |x, y| Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, ((x * y) % 251) as u8]));
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, 92).write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8).unwrap();
        out
    }

    /// `jpeg` with an EXIF APP1 segment (a GPS position and a camera name) right after SOI.
    fn with_exif(jpeg: &[u8]) -> Vec<u8> {
        let mut tiff = Vec::new();
        tiff.extend_from_slice(b"MM\0*\0\0\0\x08");
        tiff.extend_from_slice(&[0, 1]); // one entry
        tiff.extend_from_slice(&[0x01, 0x10, 0, 2, 0, 0, 0, 12, 0, 0, 0, 26]); // Model, ASCII, 12, at 26
        tiff.extend_from_slice(&[0, 0, 0, 0]);
        tiff.extend_from_slice(b"GPS-30.5N-X\0");
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend_from_slice(&tiff);
        let len = (app1.len() + 2) as u16;
        let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&app1);
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn a_pad_drawing_stays_png_with_its_transparency() {
        let png = pad_png(600, 200);
        let p = prepare(&png, 1200, 200).unwrap();
        assert_eq!(p.mime, "image/png");
        assert_eq!((p.width, p.height), (600, 200));
        assert!(p.bytes.starts_with(PNG_MAGIC));
        let back = image::load_from_memory(&p.bytes).unwrap();
        assert!(back.color().has_alpha());
        assert_eq!(back.to_rgba8().get_pixel(10, 0)[3], 0, "the background stays transparent");
        assert_eq!(p.sha256.len(), 64);
        assert_eq!(p.sha256, sha256_hex(&p.bytes));
    }

    #[test]
    fn a_photo_becomes_a_smaller_jpeg_keeping_its_aspect() {
        let jpg = photo_jpeg(3000, 2000);
        let p = prepare(&jpg, 1200, 200).unwrap();
        assert_eq!(p.mime, "image/jpeg");
        assert_eq!((p.width, p.height), (1200, 800));
        assert!(p.bytes.len() <= 200 * 1024);
        let back = image::load_from_memory(&p.bytes).unwrap();
        assert_eq!((back.width(), back.height()), (1200, 800));
        // Portrait, odd sizes: rounded, never up-scaled.
        let p = prepare(&photo_jpeg(701, 1999), 1200, 200).unwrap();
        assert_eq!((p.width, p.height), (421, 1200));
        let p = prepare(&photo_jpeg(300, 100), 1200, 200).unwrap();
        assert_eq!((p.width, p.height), (300, 100), "a small image is never enlarged");
        let p = prepare(&pad_png(2400, 600), 1200, 200).unwrap();
        assert_eq!((p.width, p.height), (1200, 300));
    }

    #[test]
    fn the_same_input_gives_the_same_bytes() {
        let jpg = photo_jpeg(1600, 900);
        let a = prepare(&jpg, 1200, 200).unwrap();
        let b = prepare(&jpg, 1200, 200).unwrap();
        assert_eq!(a.sha256, b.sha256);
        assert_eq!(a.bytes, b.bytes);
        let png = pad_png(800, 300);
        assert_eq!(prepare(&png, 1200, 200).unwrap().sha256, prepare(&png, 1200, 200).unwrap().sha256);
        assert_ne!(a.sha256, prepare(&png, 1200, 200).unwrap().sha256);
    }

    #[test]
    fn exif_and_its_gps_are_gone() {
        let jpg = with_exif(&photo_jpeg(400, 300));
        assert!(contains(&jpg, b"Exif") && contains(&jpg, b"GPS-30.5N"));
        image::load_from_memory(&jpg).expect("the test file is a valid JPEG");
        let p = prepare(&jpg, 1200, 200).unwrap();
        assert!(!contains(&p.bytes, b"Exif"));
        assert!(!contains(&p.bytes, b"GPS-30.5N"));
        assert!(!p.bytes[2..].windows(2).any(|w| w == [0xFF, 0xE1]), "no APP1 segment left");
    }

    #[test]
    fn a_photo_taken_sideways_is_turned_upright_before_its_exif_is_dropped() {
        // EXIF orientation 6: the camera was turned; the picture must be rotated 90° clockwise.
        let jpg = photo_jpeg(400, 300);
        let mut tiff = b"MM\0*\0\0\0\x08".to_vec();
        tiff.extend_from_slice(&[0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend_from_slice(&tiff);
        let mut turned = vec![0xFF, 0xD8, 0xFF, 0xE1];
        turned.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
        turned.extend_from_slice(&app1);
        turned.extend_from_slice(&jpg[2..]);
        let p = prepare(&turned, 1200, 200).unwrap();
        assert_eq!((p.width, p.height), (300, 400));
        assert!(!contains(&p.bytes, b"Exif"));
        assert_eq!((prepare(&jpg, 1200, 200).unwrap().width), 400, "without EXIF it stays as it is");
    }

    #[test]
    fn a_text_file_named_png_is_refused_by_its_content() {
        let e = prepare("户编号,姓名\n1,张三\n".as_bytes(), 1200, 200).unwrap_err();
        assert_eq!(e.code(), "image.kind");
        assert!(e.message_zh().contains("PNG 或 JPEG"), "{}", e.message_zh());
        assert!(e.message_zh().contains("文本文件"), "{}", e.message_zh());
        assert!(!e.hint_zh().is_empty());
        assert_eq!(prepare(b"", 1200, 200).unwrap_err(), SigImageError::Kind { found: "空文件" });
        assert_eq!(prepare(b"GIF89a\x01\x00", 1200, 200).unwrap_err(), SigImageError::Kind { found: "GIF 图片" });
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
        let e = prepare(heic, 1200, 200).unwrap_err();
        assert!(e.message_zh().contains("HEIC") && e.hint_zh().contains("兼容性最佳"));
    }

    #[test]
    fn a_truncated_png_or_jpeg_is_unreadable() {
        let png = pad_png(400, 200);
        for cut in [9, 30, png.len() / 2, png.len() - 13] {
            let e = prepare(&png[..cut], 1200, 200).unwrap_err();
            assert_eq!(e.code(), "image.unreadable", "cut at {cut}: {e:?}");
            assert!(e.message_zh().contains("不完整或已损坏"));
        }
        let jpg = photo_jpeg(400, 200);
        let e = prepare(&jpg[..40], 1200, 200).unwrap_err();
        assert_eq!(e.code(), "image.unreadable", "{e:?}");
    }

    #[test]
    fn a_huge_dimension_header_is_refused_before_decoding() {
        // A PNG whose IHDR claims 100000 × 100000 pixels (tens of GB decoded) with a tiny body.
        let mut png = pad_png(4, 4);
        png[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        png[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        let e = prepare(&png, 1200, 200).unwrap_err();
        assert_eq!(e, SigImageError::Dimensions { size: Some((100_000, 100_000)) });
        assert!(e.message_zh().contains("100000×100000"), "{}", e.message_zh());
        // Within the side limit but over the memory limit: 11000 × 11000 RGBA.
        let mut png = pad_png(4, 4);
        png[16..20].copy_from_slice(&11_000u32.to_be_bytes());
        png[20..24].copy_from_slice(&11_000u32.to_be_bytes());
        assert_eq!(prepare(&png, 1200, 200).unwrap_err().code(), "image.dimensions");
        // A JPEG whose frame header claims 60000 × 60000.
        let mut jpg = photo_jpeg(16, 16);
        let sof = jpg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        jpg[sof + 5..sof + 7].copy_from_slice(&60_000u16.to_be_bytes());
        jpg[sof + 7..sof + 9].copy_from_slice(&60_000u16.to_be_bytes());
        assert_eq!(prepare(&jpg, 1200, 200).unwrap_err(), SigImageError::Dimensions { size: Some((60_000, 60_000)) });
    }

    #[test]
    fn too_large_after_retries_names_the_size_and_the_limit() {
        // Noise does not compress: at 1 KB it cannot fit.
        let mut seed = 7u32;
        let img = ImageBuffer::from_fn(800, 800, |_, _| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            Rgb([(seed >> 16) as u8, (seed >> 8) as u8, (seed >> 24) as u8])
        });
        let mut png = Vec::new();
        PngEncoder::new(&mut png).write_image(img.as_raw(), 800, 800, image::ExtendedColorType::Rgb8).unwrap();
        let e = prepare(&png, 1200, 1).unwrap_err();
        let SigImageError::TooLarge { bytes, max_kb } = e.clone() else { panic!("{e:?}") };
        assert_eq!(max_kb, 1);
        assert!(bytes > 1024);
        assert_eq!(e.code(), "image.too_large");
        assert!(e.message_zh().contains(&format!("{} KB", bytes.div_ceil(1024))) && e.message_zh().contains("1 KB 的上限"), "{}", e.message_zh());
        // A photo saved as PNG, over 200 KB, becomes a JPEG that fits.
        let mut seed = 7u32;
        let img = ImageBuffer::from_fn(1000, 800, |x, y| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let n = (seed >> 28) as u8;
            Rgb([(x / 4) as u8 ^ n, (y / 4) as u8 ^ n, ((x + y) / 8) as u8 ^ n])
        });
        let mut png = Vec::new();
        PngEncoder::new(&mut png).write_image(img.as_raw(), 1000, 800, image::ExtendedColorType::Rgb8).unwrap();
        assert!(png.len() > 200 * 1024, "{}", png.len());
        let p = prepare(&png, 1200, 200).unwrap();
        assert_eq!(p.mime, "image/jpeg");
        assert!(p.bytes.len() <= 200 * 1024);
    }

    #[test]
    fn a_file_over_20_mb_is_refused_unread() {
        let mut big = PNG_MAGIC.to_vec();
        big.resize(MAX_INPUT_BYTES as usize + 1, 0);
        let e = prepare(&big, 1200, 200).unwrap_err();
        assert_eq!(e.code(), "image.too_large");
        assert!(e.message_zh().contains("20"), "{}", e.message_zh());
    }

    #[test]
    fn base64_round_trips_and_refuses_what_is_not_base64() {
        let p = prepare(&pad_png(50, 20), 1200, 200).unwrap();
        assert_eq!(decode_base64(&p.base64()).unwrap(), p.bytes);
        assert!(decode_base64("不是base64").is_none());
        assert!(decode_base64("abc").is_none());
        assert_eq!(decode_base64("").unwrap(), Vec::<u8>::new());
    }

    #[test]
    fn every_code_is_listed() {
        let all = [
            SigImageError::Kind { found: "文本文件" },
            SigImageError::FileTooLarge { bytes: 1, max: 1 },
            SigImageError::TooLarge { bytes: 1, max_kb: 1 },
            SigImageError::Unreadable { detail: String::new() },
            SigImageError::Dimensions { size: None },
        ];
        for e in &all {
            assert!(SigImageError::ALL_CODES.contains(&e.code()));
            assert!(!e.message_zh().is_empty() && !e.hint_zh().is_empty());
        }
        for code in SigImageError::ALL_CODES {
            assert!(all.iter().any(|e| e.code() == *code));
        }
    }
}
