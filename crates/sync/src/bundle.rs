//! The bundle file format (frozen by the golden files in `crates/sync/tests/golden/`).
//!
//! ```text
//! file      = "ZHCB" | frame version u16 LE (1) | length of the rest u64 LE | age(X25519, to every recipient)( plaintext )
//! plaintext = "ZHUCUNB\n" | format u16 LE | min_reader u16 LE | header_len u32 LE | header | signature | body
//! header    = CBOR map (Header), signed together with the 16 bytes before it (Ed25519, 64 bytes)
//! body      = zstd( CBOR array of sections [origin, from, to, [[seq, hlc, tbl, row, op, scope, fields], ...]] )
//! ```
//!
//! The header carries the body's BLAKE3 hash, so the signature covers everything. A reader checks, in
//! this order: decryption (wrong recipient, truncation, corruption), magic and reader version, header,
//! sender, signature, body hash; only then is the body decoded. Nothing is applied before all of it
//! has passed.

use crate::error::{excerpt, Result, SyncError};
use age::secrecy::ExposeSecret;
use ed25519_dalek::{Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::str::FromStr;
use zhucun_store::sync::{ChangeRecord, Role, Section};

pub const MAGIC: &[u8; 8] = b"ZHUCUNB\n";
/// The clear frame around the encrypted part: tells a zhucun bundle from any other file, and a
/// truncated one from a corrupted one, before any key is used.
pub const FRAME: &[u8; 4] = b"ZHCB";
/// The clear frame's length: magic, frame version, length of the rest.
pub const FRAME_LEN: usize = 4 + 2 + 8;
/// The frame version this app writes and reads.
pub const FRAME_VERSION: u16 = 1;
/// The format this app writes.
pub const FORMAT: u16 = 1;
/// The newest `min_reader` this app can read.
pub const READER: u16 = 1;
/// Versions (frame, format, min_reader) above this are damage, not a newer app: versions move by one
/// per incompatible change, a few times a decade, so a 129 or a 40000 is a flipped bit ("损坏"), while
/// a 2 or a 9 may be a newer app ("请升级").
pub const PLAUSIBLE_VERSION: u16 = 16;
/// The largest bundle (the whole file, frame included) read from a stick, sent, received or accepted
/// over HTTP. The largest real one is a 38,500-household village's first return bundle, 6.2 MB
/// (docs/benchmarks.md); a whole 100,000-household county in one bundle would be about 16 MB. 32 MiB
/// leaves five times the largest village and twice a whole county, and bounds what a stick or a
/// request can make us hold in memory.
pub const MAX_BUNDLE: u64 = 32 << 20;
/// Bundles bigger than this once decompressed are refused (a bomb, not a county).
pub const MAX_BODY: u64 = 1 << 30;
/// zstd level of bundle bodies: 6 is ~2.5× slower than the default 3 and ~11% smaller on rosters
/// (measured in docs/benchmarks.md); bundles travel on sticks and village connections.
pub const ZSTD_LEVEL: i32 = 6;
/// The file extension of bundles.
pub const EXTENSION: &str = "zhcb";

/// A device's secret keys: Ed25519 to sign, X25519 (age) to decrypt.
pub struct Keys {
    pub sign: SigningKey,
    pub age: age::x25519::Identity,
}

impl Keys {
    pub fn generate() -> Keys {
        Keys { sign: SigningKey::from_bytes(&rand::random::<[u8; 32]>()), age: age::x25519::Identity::generate() }
    }

    pub fn from_parts(sign: &[u8], age_key: &str) -> Result<Keys> {
        let sign: [u8; 32] = sign.try_into().map_err(|_| SyncError::Corrupt { detail: "本机签名密钥长度不对".into() })?;
        let age = age::x25519::Identity::from_str(age_key).map_err(|e| SyncError::Corrupt { detail: format!("本机解密密钥无效：{e}") })?;
        Ok(Keys { sign: SigningKey::from_bytes(&sign), age })
    }

    pub fn sign_secret(&self) -> [u8; 32] {
        self.sign.to_bytes()
    }

    pub fn age_secret(&self) -> String {
        self.age.to_string().expose_secret().to_string()
    }

    pub fn public(&self) -> PublicKeys {
        PublicKeys { sign: self.sign.verifying_key().to_bytes().to_vec(), age: self.age.to_public().to_string() }
    }
}

/// What a device publishes: its signature key and its age recipient.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicKeys {
    #[serde(with = "serde_bytes_vec")]
    pub sign: Vec<u8>,
    pub age: String,
}

/// A laptop's claim to an enrollment, sent in its bundles until the county knows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollClaim {
    pub enrollment: String,
    #[serde(with = "serde_bytes_vec")]
    pub token: Vec<u8>,
    pub keys: PublicKeys,
}

/// The signed header. Fields a newer writer adds are ignored by this reader.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub schema: i64,
    pub app: String,
    pub sender: String,
    pub sender_role: Role,
    pub recipients: Vec<String>,
    pub created_at: String,
    pub hlc: i64,
    /// (origin, from, to, number of changes sent)
    pub sections: Vec<(String, i64, i64, u64)>,
    /// What the sender has of every origin: the receiver takes it as the sender's acknowledgement.
    pub vector: Vec<(String, i64)>,
    /// The sender's view of what the recipient has confirmed, per origin sent (each section starts after it).
    #[serde(default)]
    pub acked: Vec<(String, i64)>,
    #[serde(default)]
    pub enroll: Option<EnrollClaim>,
    /// Laptop: the device ids this database had before it forked (oldest first; see the ADR, "A
    /// copied database"). The county recognises the new id by the old one's signature key.
    #[serde(default)]
    pub forked_from: Vec<String>,
    /// County: the recipient's identity diverged (a copy of its database is in use elsewhere): it
    /// must fork before its changes can be taken.
    #[serde(default)]
    pub diverged: bool,
    /// County: the last change it holds of the recipient's identity, as (sequence number, clock
    /// stamp). A laptop whose own change at that number is missing or another is a copy: it forks
    /// instead of taking the county's acknowledgement for changes it never sent.
    #[serde(default)]
    pub your_tip: Option<(i64, i64)>,
    /// Changes for the recipient the sender holds back for its next bundle (one bundle carries at most
    /// `zhucun_store::sync::BUNDLE_BUDGET` bytes of changes): over HTTP the laptop asks again at once.
    #[serde(default)]
    pub more: u64,
    #[serde(with = "serde_bytes_vec")]
    pub body_hash: Vec<u8>,
    pub body_len: u64,
    pub body_raw_len: u64,
}

/// A section on the wire: [origin, from, to, [change, ...]] with each change a fixed array.
type WireChange = (i64, i64, String, String, i64, String, String);
type WireSection = (String, i64, i64, Vec<WireChange>);

pub fn encode_body(sections: &[Section]) -> Result<Vec<u8>> {
    let wire: Vec<WireSection> = sections
        .iter()
        .map(|s| {
            let changes =
                s.changes.iter().map(|c| (c.seq, c.hlc, c.tbl.clone(), c.row_id.clone(), c.op, c.scope.clone(), c.fields.clone())).collect();
            (s.origin.clone(), s.from, s.to, changes)
        })
        .collect();
    let mut raw = Vec::new();
    ciborium::into_writer(&wire, &mut raw).map_err(|e| SyncError::Corrupt { detail: e.to_string() })?;
    Ok(raw)
}

pub fn decode_body(raw: &[u8]) -> Result<Vec<Section>> {
    let wire: Vec<WireSection> = ciborium::from_reader(raw).map_err(|e| SyncError::Corrupt { detail: format!("内容无法解析：{}", excerpt(&e.to_string(), 120)) })?;
    Ok(wire
        .into_iter()
        .map(|(origin, from, to, changes)| Section {
            changes: changes
                .into_iter()
                .map(|(seq, hlc, tbl, row_id, op, scope, fields)| ChangeRecord { origin: origin.clone(), seq, hlc, tbl, row_id, op, scope, fields })
                .collect(),
            origin,
            from,
            to,
        })
        .collect())
}

/// Build the signed plaintext (before encryption).
pub fn seal_plain(header: &mut Header, raw_body: &[u8], sign: &SigningKey, min_reader: u16) -> Result<Vec<u8>> {
    let body = zstd::bulk::compress(raw_body, ZSTD_LEVEL).map_err(|e| SyncError::Corrupt { detail: e.to_string() })?;
    header.body_hash = blake3::hash(&body).as_bytes().to_vec();
    header.body_len = body.len() as u64;
    header.body_raw_len = raw_body.len() as u64;
    let mut head = Vec::new();
    ciborium::into_writer(header, &mut head).map_err(|e| SyncError::Corrupt { detail: e.to_string() })?;
    let mut out = Vec::with_capacity(16 + head.len() + 64 + body.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(&min_reader.to_le_bytes());
    out.extend_from_slice(&(head.len() as u32).to_le_bytes());
    out.extend_from_slice(&head);
    let sig = sign.sign(&out);
    out.extend_from_slice(&sig.to_bytes());
    out.extend_from_slice(&body);
    Ok(out)
}

/// Encrypt a plaintext to age recipients.
pub fn encrypt(plain: &[u8], recipients: &[String]) -> Result<Vec<u8>> {
    let recips: Vec<age::x25519::Recipient> = recipients
        .iter()
        .map(|r| age::x25519::Recipient::from_str(r).map_err(|e| SyncError::Corrupt { detail: format!("收件人公钥无效：{e}") }))
        .collect::<Result<_>>()?;
    let enc = age::Encryptor::with_recipients(recips.iter().map(|r| r as &dyn age::Recipient))
        .map_err(|e| SyncError::Corrupt { detail: e.to_string() })?;
    let mut out = Vec::with_capacity(plain.len() + 256);
    out.extend_from_slice(FRAME);
    out.extend_from_slice(&FRAME_VERSION.to_le_bytes());
    out.extend_from_slice(&0u64.to_le_bytes());
    let mut w = enc.wrap_output(&mut out).map_err(|e| SyncError::Corrupt { detail: e.to_string() })?;
    w.write_all(plain).map_err(|e| SyncError::Corrupt { detail: e.to_string() })?;
    w.finish().map_err(|e| SyncError::Corrupt { detail: e.to_string() })?;
    let len = (out.len() - FRAME_LEN) as u64;
    out[6..FRAME_LEN].copy_from_slice(&len.to_le_bytes());
    Ok(out)
}

const AGE_PREFIX: &[u8] = b"age-encryption.org/";

/// Read the clear frame from the first bytes of a bundle (a file's start, a request's first chunk):
/// the length of the encrypted rest it declares. Refuses at once what is not a bundle (another magic),
/// what is damaged (a version no app ever wrote), what a newer app wrote, and what declares more than
/// `max` bytes. `Truncated` when `head` is too short to tell yet but is a start of a frame.
pub fn read_frame(head: &[u8], max: u64) -> Result<u64> {
    let n = head.len().min(FRAME.len());
    if head[..n] != FRAME[..n] {
        return Err(SyncError::NotABundle);
    }
    if head.len() < FRAME_LEN {
        return Err(SyncError::Truncated);
    }
    let version = u16::from_le_bytes([head[4], head[5]]);
    check_version("帧", version, FRAME_VERSION)?;
    let mut len = [0u8; 8];
    len.copy_from_slice(&head[6..FRAME_LEN]);
    let len = u64::from_le_bytes(len);
    let total = len.saturating_add(FRAME_LEN as u64);
    if total > max {
        return Err(SyncError::TooLarge { bytes: total, max });
    }
    Ok(len)
}

/// A version this app reads, a newer app's ("请升级"), or damage ("损坏").
fn check_version(what: &str, version: u16, have: u16) -> Result<()> {
    if version == 0 || version > PLAUSIBLE_VERSION {
        return Err(SyncError::Corrupt { detail: format!("{what}版本号 {version} 不可能由驻村工作台写出（文件已损坏）") });
    }
    if version > have {
        return Err(SyncError::NeedsNewer { needed: version, have });
    }
    Ok(())
}

/// Is this the start of a file framed as a bundle of at most `max` bytes (what the quarantine keeps
/// whole)? A cut bundle still is; a newer app's too.
pub fn is_framed(bytes: &[u8], max: u64) -> bool {
    bytes.len() as u64 <= max
        && bytes.len() >= FRAME_LEN
        && matches!(read_frame(bytes, max), Ok(_) | Err(SyncError::NeedsNewer { .. }))
}

/// Decrypt a bundle file with this device's identity.
pub fn decrypt(file: &[u8], identity: &age::x25519::Identity) -> Result<Vec<u8>> {
    let len = match read_frame(file, MAX_BUNDLE) {
        Ok(len) => len,
        // A frame that declares more than any bundle, on a file we could read whole: a damaged length.
        Err(SyncError::TooLarge { .. }) => return Err(SyncError::Corrupt { detail: "帧中的长度超出上限（文件已损坏）".into() }),
        Err(e) => return Err(e),
    };
    let rest = (file.len() - FRAME_LEN) as u64;
    if rest < len {
        return Err(SyncError::Truncated);
    }
    if rest > len {
        return Err(SyncError::Corrupt { detail: "文件末尾有多余内容".into() });
    }
    let file = &file[FRAME_LEN..];
    if !file.starts_with(AGE_PREFIX) {
        return Err(if file.is_empty() || AGE_PREFIX.starts_with(file) { SyncError::Truncated } else { SyncError::NotABundle });
    }
    let dec = age::Decryptor::new_buffered(file).map_err(|e| match e {
        age::DecryptError::Io(ref io) if io.kind() == std::io::ErrorKind::UnexpectedEof => SyncError::Truncated,
        age::DecryptError::InvalidHeader if !file.contains(&b'\n') || !has_header_end(file) => SyncError::Truncated,
        other => SyncError::Corrupt { detail: other.to_string() },
    })?;
    let mut r = dec.decrypt(std::iter::once(identity as &dyn age::Identity)).map_err(|e| match e {
        age::DecryptError::NoMatchingKeys => SyncError::WrongRecipient,
        age::DecryptError::Io(ref io) if io.kind() == std::io::ErrorKind::UnexpectedEof => SyncError::Truncated,
        other => SyncError::Corrupt { detail: other.to_string() },
    })?;
    let mut plain = Vec::with_capacity(file.len());
    r.read_to_end(&mut plain).map_err(|e| match e.kind() {
        std::io::ErrorKind::UnexpectedEof => SyncError::Truncated,
        _ if e.to_string().contains("last chunk") || e.to_string().contains("truncated") => SyncError::Truncated,
        _ => SyncError::Corrupt { detail: e.to_string() },
    })?;
    Ok(plain)
}

/// The age header ends with a "---" MAC line; a file cut before it is truncated, not corrupt.
fn has_header_end(file: &[u8]) -> bool {
    file.windows(4).any(|w| w == b"\n---")
}

/// A decrypted bundle whose header has been read but not yet trusted.
pub struct Opened {
    pub header: Header,
    pub signed: Vec<u8>,
    pub signature: [u8; 64],
    pub body: Vec<u8>,
    pub min_reader: u16,
}

/// Split and parse a plaintext; checks the magic and the reader version.
pub fn parse_plain(plain: &[u8]) -> Result<Opened> {
    if plain.len() < 16 || &plain[..8] != MAGIC {
        return Err(if plain.len() < 16 && MAGIC.starts_with(&plain[..plain.len().min(8)]) { SyncError::Truncated } else { SyncError::NotABundle });
    }
    let format = u16::from_le_bytes([plain[8], plain[9]]);
    if format == 0 || format > PLAUSIBLE_VERSION {
        return Err(SyncError::Corrupt { detail: format!("格式版本号 {format} 不可能由驻村工作台写出") });
    }
    let min_reader = u16::from_le_bytes([plain[10], plain[11]]);
    check_version("读取", min_reader, READER)?;
    let head_len = u32::from_le_bytes([plain[12], plain[13], plain[14], plain[15]]) as usize;
    let head_end = 16usize.checked_add(head_len).ok_or(SyncError::Truncated)?;
    let sig_end = head_end.checked_add(64).ok_or(SyncError::Truncated)?;
    if plain.len() < sig_end {
        return Err(SyncError::Truncated);
    }
    let header: Header =
        ciborium::from_reader(&plain[16..head_end]).map_err(|e| SyncError::Corrupt { detail: format!("文件头无法解析：{}", excerpt(&e.to_string(), 120)) })?;
    let mut signature = [0u8; 64];
    signature.copy_from_slice(&plain[head_end..sig_end]);
    Ok(Opened { header, signed: plain[..head_end].to_vec(), signature, body: plain[sig_end..].to_vec(), min_reader })
}

impl Opened {
    /// Check the signature with the sender's key and the body against the signed hash; decode it.
    pub fn verify(&self, sign_pk: &[u8]) -> Result<Vec<Section>> {
        let pk: [u8; 32] = sign_pk.try_into().map_err(|_| SyncError::BadSignature)?;
        let key = VerifyingKey::from_bytes(&pk).map_err(|_| SyncError::BadSignature)?;
        let sig = ed25519_dalek::Signature::from_bytes(&self.signature);
        key.verify(&self.signed, &sig).map_err(|_| SyncError::BadSignature)?;
        if self.body.len() as u64 != self.header.body_len {
            return Err(SyncError::Truncated);
        }
        if blake3::hash(&self.body).as_bytes().as_slice() != self.header.body_hash.as_slice() {
            return Err(SyncError::Corrupt { detail: "内容校验值不符".into() });
        }
        if self.header.body_raw_len > MAX_BODY {
            return Err(SyncError::Corrupt { detail: "内容过大".into() });
        }
        // Streamed, so a header that claims a huge size allocates nothing up front.
        let mut raw = Vec::new();
        let decoder = zstd::stream::read::Decoder::new(self.body.as_slice()).map_err(|e| SyncError::Corrupt { detail: format!("解压失败：{e}") })?;
        decoder.take(self.header.body_raw_len + 1).read_to_end(&mut raw).map_err(|e| SyncError::Corrupt { detail: format!("解压失败：{e}") })?;
        if raw.len() as u64 != self.header.body_raw_len {
            return Err(SyncError::Corrupt { detail: "解压后的长度与文件头不符".into() });
        }
        let sections = decode_body(&raw)?;
        let summary: Vec<(String, i64, i64, u64)> =
            sections.iter().map(|s| (s.origin.clone(), s.from, s.to, s.changes.len() as u64)).collect();
        if summary != self.header.sections {
            return Err(SyncError::Corrupt { detail: "内容与文件头不符".into() });
        }
        Ok(sections)
    }
}

/// serde for `Vec<u8>` as a CBOR byte string (not an array of integers).
mod serde_bytes_vec {
    use serde::{Deserializer, Serializer};
    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(v)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
                Ok(v.to_vec())
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
                Ok(v)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
                let mut out = Vec::new();
                while let Some(b) = seq.next_element::<u8>()? {
                    out.push(b);
                }
                Ok(out)
            }
        }
        d.deserialize_bytes(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(version: u16, len: u64) -> Vec<u8> {
        let mut f = FRAME.to_vec();
        f.extend_from_slice(&version.to_le_bytes());
        f.extend_from_slice(&len.to_le_bytes());
        f
    }

    #[test]
    fn the_frame_tells_damage_from_a_newer_app_and_refuses_sizes_beyond_the_limit() {
        assert_eq!(read_frame(&frame(1, 100), MAX_BUNDLE).unwrap(), 100);
        assert!(matches!(read_frame(&frame(2, 100), MAX_BUNDLE), Err(SyncError::NeedsNewer { needed: 2, have: 1 })));
        assert!(matches!(read_frame(&frame(PLAUSIBLE_VERSION, 100), MAX_BUNDLE), Err(SyncError::NeedsNewer { .. })));
        for damaged in [0u16, 1 ^ 0x80, 1 ^ 0x100, u16::MAX] {
            let e = read_frame(&frame(damaged, 100), MAX_BUNDLE).unwrap_err();
            assert_eq!(e.code(), "sync.corrupt", "frame version {damaged}");
            assert!(!e.message_zh().contains("升级"), "{}", e.message_zh());
        }
        assert!(matches!(read_frame(&frame(1, MAX_BUNDLE), MAX_BUNDLE), Err(SyncError::TooLarge { .. })), "the frame counts too");
        assert!(matches!(read_frame(&frame(1, u64::MAX), MAX_BUNDLE), Err(SyncError::TooLarge { .. })), "no overflow");
        assert!(matches!(read_frame(b"ZH", MAX_BUNDLE), Err(SyncError::Truncated)));
        assert!(matches!(read_frame(b"", MAX_BUNDLE), Err(SyncError::Truncated)));
        assert!(matches!(read_frame(b"PK\x03\x04", MAX_BUNDLE), Err(SyncError::NotABundle)));
        assert!(matches!(read_frame(b"\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", MAX_BUNDLE), Err(SyncError::NotABundle)));
    }

    #[test]
    fn a_flipped_frame_version_or_length_in_a_file_reads_as_damage() {
        let id = age::x25519::Identity::generate();
        let good = encrypt(b"hello", &[id.to_public().to_string()]).unwrap();
        let mut flipped = good.clone();
        flipped[4] ^= 0x80;
        assert_eq!(decrypt(&flipped, &id).unwrap_err().code(), "sync.corrupt");
        let mut long = good.clone();
        long[12] ^= 0x01;
        assert_eq!(decrypt(&long, &id).unwrap_err().code(), "sync.corrupt", "a length beyond any bundle is damage");
        assert!(is_framed(&good, MAX_BUNDLE));
        assert!(is_framed(&good[..20], MAX_BUNDLE), "a cut bundle still is one");
        assert!(!is_framed(b"RIFF\0\0\0\0AVI LIST", MAX_BUNDLE));
        assert!(!is_framed(&good, 10), "not beyond the limit");
    }

    #[test]
    fn an_implausible_format_or_reader_version_is_damage() {
        let sign = SigningKey::from_bytes(&[5; 32]);
        let mut h = Header {
            schema: 1,
            app: "t".into(),
            sender: "s".into(),
            sender_role: Role::Laptop,
            recipients: vec![],
            created_at: String::new(),
            hlc: 0,
            sections: vec![],
            vector: vec![],
            acked: vec![],
            enroll: None,
            forked_from: Vec::new(),
            diverged: false,
            your_tip: None,
            more: 0,
            body_hash: vec![],
            body_len: 0,
            body_raw_len: 0,
        };
        let plain = seal_plain(&mut h, &encode_body(&[]).unwrap(), &sign, 1).unwrap();
        assert!(parse_plain(&plain).is_ok());
        let with = |at: usize, v: u16| {
            let mut p = plain.clone();
            p[at..at + 2].copy_from_slice(&v.to_le_bytes());
            parse_plain(&p).err().map(|e| e.code())
        };
        assert_eq!(with(10, 9), Some("sync.needs_newer"));
        assert_eq!(with(10, 129), Some("sync.corrupt"));
        assert_eq!(with(8, 0), Some("sync.corrupt"));
        assert_eq!(with(8, 40000), Some("sync.corrupt"));
        assert_eq!(with(8, 2), None, "a newer format this app may read is read");
    }
}
