//! Sync use cases over a store: keys, export, import, enrollment and status. The CLI, the desktop app
//! and the county server call these; the bytes of a bundle are the same whether they travel on a USB
//! stick or over HTTP.

use crate::bundle::{self, EnrollClaim, Header, Keys, PublicKeys};
use crate::error::{short, Result, SyncError};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use zhucun_store::sync::{self as ss, ChangeRecord, Peer, Role, SyncEvent};
use zhucun_store::Store;

pub use crate::quarantine::{quarantine, quarantine_dir, refused, refused_with, Keep, QuarantineBounds, QUARANTINE};

/// The keys of this device, made and stored on first need.
pub fn ensure_keys(store: &Store) -> Result<Keys> {
    let d = ss::device(store.read())?;
    match (&d.sign_key, &d.age_key) {
        (Some(s), Some(a)) => Keys::from_parts(s, a),
        _ => {
            let keys = Keys::generate();
            ss::set_keys(store.read(), &keys.sign_secret(), &keys.age_secret())?;
            Ok(keys)
        }
    }
}

/// The time stamps of the sync history: UTC, milliseconds.
pub fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Record a bundle written, read, exchanged or refused in the sync history.
pub fn event(store: &Store, kind: &str, peer: Option<&str>, file: Option<&str>, ok: bool, changes: i64, message: String) -> Result<()> {
    ss::add_event(
        store.read(),
        &SyncEvent { at: now(), kind: kind.into(), peer: peer.map(str::to_string), file: file.map(str::to_string), ok, changes, message },
    )?;
    Ok(())
}

/// A bundle ready to be written or sent.
pub struct Outgoing {
    pub bytes: Vec<u8>,
    pub recipient: String,
    pub changes: u64,
    /// Changes for the recipient that did not fit ([`ss::BUNDLE_BUDGET`]): they go with the next
    /// bundle, once the recipient has confirmed this one.
    pub left: u64,
}

/// Build the bundle for `peer`: what it has not acknowledged, signed and encrypted to it, up to
/// `budget` bytes of changes ([`ss::BUNDLE_BUDGET`] in the app; see [`ss::split_sections`]); the rest
/// stays for the next bundle, which starts where this one stops once the peer has confirmed it.
pub fn bundle_within(store: &Store, keys: &Keys, peer: &Peer, budget: u64) -> Result<Outgoing> {
    let conn = store.read();
    let me = ss::device(conn)?;
    let mut chunks = ss::split_sections(ss::sections_for(conn, peer)?, budget).into_iter();
    let sections = chunks.next().unwrap_or_default();
    let left: u64 = chunks.flatten().map(|s| s.changes.len() as u64).sum();
    let changes: u64 = sections.iter().map(|s| s.changes.len() as u64).sum();
    let enroll = match (me.role, &me.enrollment_id, &me.enrollment_token) {
        (Role::Laptop, Some(id), Some(token)) => Some(EnrollClaim { enrollment: id.clone(), token: token.clone(), keys: keys.public() }),
        _ => None,
    };
    let mut header = Header {
        schema: zhucun_store::SCHEMA_VERSION,
        app: env!("CARGO_PKG_VERSION").into(),
        sender: me.id.clone(),
        sender_role: me.role,
        recipients: vec![peer.id.clone()],
        created_at: now(),
        hlc: me.hlc,
        sections: sections.iter().map(|s| (s.origin.clone(), s.from, s.to, s.changes.len() as u64)).collect(),
        vector: ss::vector(conn)?,
        acked: sections.iter().map(|s| (s.origin.clone(), s.from - 1)).collect(),
        enroll,
        forked_from: ss::ancestors(conn)?.into_iter().map(|(o, _)| o).collect(),
        diverged: me.role == Role::County && ss::peer_diverged(conn, &peer.id)?,
        your_tip: if me.role == Role::County { ss::held_tip(conn, &peer.id)? } else { None },
        more: left,
        body_hash: Vec::new(),
        body_len: 0,
        body_raw_len: 0,
    };
    let raw = bundle::encode_body(&sections)?;
    let plain = bundle::seal_plain(&mut header, &raw, &keys.sign, bundle::FORMAT)?;
    let bytes = bundle::encrypt(&plain, std::slice::from_ref(&peer.age_recipient))?;
    if bytes.len() as u64 > bundle::MAX_BUNDLE {
        // Not reachable within the budget (a change is bounded far below it); never write a file the
        // county would refuse as damaged.
        return Err(SyncError::TooLarge { bytes: bytes.len() as u64, max: bundle::MAX_BUNDLE });
    }
    Ok(Outgoing { bytes, recipient: peer.id.clone(), changes, left })
}

/// Laptop: the bundle for the county within `budget` bytes of changes (tests; the app uses
/// [`export_to_county`] with [`ss::BUNDLE_BUDGET`]).
pub fn export_to_county_within(store: &Store, budget: u64) -> Result<Outgoing> {
    let me = ss::device(store.read())?;
    let county = me.county_id.as_deref().ok_or(SyncError::NotEnrolled)?;
    let peer = ss::peer(store.read(), county)?.ok_or(SyncError::NotEnrolled)?;
    let keys = ensure_keys(store)?;
    bundle_within(store, &keys, &peer, budget)
}

/// County: the return bundle for one laptop within `budget` bytes of changes (tests).
pub fn export_for_peer_within(store: &Store, peer_id: &str, budget: u64) -> Result<Outgoing> {
    let peer = ss::peer(store.read(), peer_id)?.ok_or_else(|| SyncError::NoSuchPeer { device: peer_id.into() })?;
    if peer.revoked_at.is_some() {
        return Err(SyncError::PeerRevoked { device: peer.id });
    }
    let keys = ensure_keys(store)?;
    bundle_within(store, &keys, &peer, budget)
}

/// Laptop: the bundle for the county.
pub fn export_to_county(store: &Store) -> Result<Outgoing> {
    export_to_county_within(store, ss::BUNDLE_BUDGET)
}

/// County: the return bundle for one laptop.
pub fn export_for_peer(store: &Store, peer_id: &str) -> Result<Outgoing> {
    export_for_peer_within(store, peer_id, ss::BUNDLE_BUDGET)
}

/// Laptop: write the bundle for the county to `target`: a file, or a folder (a USB stick), where it is
/// named after the village, the device and the time. Writing goes to a private temporary name first,
/// so a pulled stick never leaves a complete-looking half file; a name from the data (the village)
/// cannot steer the file out of the folder.
pub fn export_file(store: &Store, target: &Path) -> Result<ExportReport> {
    export_file_within(store, target, ss::BUNDLE_BUDGET)
}

/// [`export_file`] with a given budget (tests).
pub fn export_file_within(store: &Store, target: &Path, budget: u64) -> Result<ExportReport> {
    let out = export_to_county_within(store, budget)?;
    let me = ss::device(store.read())?;
    let path = if target.is_dir() { bundle_path(store, target, "", me.village_id.as_deref(), &me.id)? } else { target.to_path_buf() };
    write_atomic(&path, &out.bytes)?;
    let shown = zhucun_files::shown(&path);
    let mut msg = format!("已导出 {} 条修改到 {shown}", out.changes);
    if out.left > 0 {
        msg.push_str(&format!("；还有 {} 条改动待下次同步（县里导入这个包、再把回执包导入本机后，再导出一次）", out.left));
    }
    event(store, "export", Some(&out.recipient), Some(&shown), true, out.changes as i64, msg)?;
    Ok(ExportReport {
        file: path.display().to_string(),
        changes: out.changes,
        bytes: out.bytes.len() as u64,
        pending: ss::pending(store.read())?,
        left: out.left,
    })
}

/// `<prefix><village>-<device>-<time>.zhcb`: who a bundle is from (or for) and when, for people
/// sorting files on a stick. A safe file name whatever the village is called (see `zhucun_files::safe_name`).
pub fn bundle_name(store: &Store, prefix: &str, village_id: Option<&str>, device: &str) -> Result<String> {
    let village = village_id.map(|v| village_name(store, v)).transpose()?.flatten().unwrap_or_else(|| "村".into());
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let stem = zhucun_files::safe_name(&format!("{prefix}{village}-{}-{stamp}", short(device)), zhucun_files::NAME_BYTES);
    Ok(format!("{stem}.{}", bundle::EXTENSION))
}

/// The bundle's file inside `dir` (see [`bundle_name`]): always directly inside it.
pub fn bundle_path(store: &Store, dir: &Path, prefix: &str, village_id: Option<&str>, device: &str) -> Result<PathBuf> {
    let name = bundle_name(store, prefix, village_id, device)?;
    let stem = name.strip_suffix(&format!(".{}", bundle::EXTENSION)).unwrap_or(&name);
    Ok(zhucun_files::path_in(dir, stem, bundle::EXTENSION))
}

#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct ExportReport {
    pub file: String,
    pub changes: u64,
    pub bytes: u64,
    /// Changes the county has not yet confirmed (those in the file and `left`).
    pub pending: i64,
    /// Changes that did not fit in this file (a bundle carries at most [`ss::BUNDLE_BUDGET`] bytes of
    /// changes): they go with the next export, after the county's return bundle has been imported.
    pub left: u64,
}

/// `zhucun_files::write_atomic` (private temporary file, synced, renamed) with the sync error type.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    Ok(zhucun_files::write_atomic(path, bytes)?)
}

fn village_name(store: &Store, id: &str) -> Result<Option<String>> {
    Ok(ss::division_name(store.read(), id)?)
}

/// What importing a bundle did.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct BundleImportReport {
    pub sender: String,
    pub sender_role: String,
    /// The village of the sender (county: the laptop's village).
    pub village: Option<String>,
    pub applied: u64,
    pub duplicates: u64,
    pub proposals: u64,
    pub gaps: u64,
    /// Changes naming tables or columns of a newer app, kept for after an upgrade.
    pub kept_unknown: u64,
    /// A laptop enrolled by this bundle (county).
    pub newly_enrolled: bool,
    /// Laptop: this database turned out to be a copy and took a new device identity (its changes
    /// the county had not confirmed go again with the next bundle).
    pub forked: bool,
    /// Changes of this device the county has not confirmed, after the import.
    pub pending: i64,
    /// Changes for this device the sender held back for its next bundle (a bundle carries at most
    /// [`ss::BUNDLE_BUDGET`] bytes of changes).
    #[serde(default)]
    pub more: u64,
}

/// Import a bundle: decrypt, check, then apply in one transaction. Any refusal changes nothing.
pub fn import_bytes(store: &mut Store, file: &[u8]) -> Result<BundleImportReport> {
    let keys = ensure_keys(store)?;
    let me = ss::device(store.read())?;
    let plain = bundle::decrypt(file, &keys.age)?;
    let opened = bundle::parse_plain(&plain)?;
    let h = &opened.header;
    // A return bundle written for an identity this database had before it forked is still its own.
    let ancestors: Vec<String> = ss::ancestors(store.read())?.into_iter().map(|(o, _)| o).collect();
    if !h.recipients.iter().any(|r| r == &me.id || ancestors.contains(r)) {
        return Err(SyncError::WrongRecipient);
    }
    let mut new_peer: Option<(Peer, String)> = None;
    let mut new_fork: Option<Peer> = None;
    if h.forked_from.len() > MAX_FORKS {
        return Err(SyncError::Corrupt { detail: "设备编号的历史过长".into() });
    }
    let peer = match ss::peer(store.read(), &h.sender)? {
        Some(p) => p,
        None => {
            // A laptop whose database was copied or restored took a new id: it is the laptop of its
            // last id the county knows (same keys, so the signature below proves it), same village.
            let parent = match me.role {
                Role::County if plausible_id(&h.sender) => {
                    let mut found = None;
                    for o in h.forked_from.iter().rev() {
                        if let Some(p) = ss::peer(store.read(), o)? {
                            found = Some(p);
                            break;
                        }
                    }
                    found
                }
                _ => None,
            };
            match (me.role, &h.enroll, parent) {
                (Role::County, _, Some(parent)) => {
                    let p = Peer { id: h.sender.clone(), enrolled_at: now(), last_seen: None, revoked_at: None, ..parent };
                    new_fork = Some(p.clone());
                    p
                }
                (Role::County, Some(claim), None) => {
                    if !plausible_id(&h.sender) {
                        return Err(SyncError::Corrupt { detail: "发送方编号不合规".into() });
                    }
                    let e = ss::enrollment(store.read(), &claim.enrollment)?.ok_or_else(|| SyncError::UnknownDevice { device: h.sender.clone() })?;
                    if blake3::hash(&claim.token).as_bytes().as_slice() != e.token_hash.as_slice() {
                        return Err(SyncError::UnknownDevice { device: h.sender.clone() });
                    }
                    // The enrollment is this laptop's, also under an id it had before it forked (a
                    // database copied or restored before its first sync).
                    if e.device_id.as_deref().is_some_and(|d| d != h.sender && !h.forked_from.iter().any(|f| f == d)) {
                        return Err(SyncError::EnrollmentUsed);
                    }
                    let p = Peer {
                        id: h.sender.clone(),
                        role: Role::Laptop,
                        village_id: Some(e.village_id.clone()),
                        sign_pk: claim.keys.sign.clone(),
                        age_recipient: claim.keys.age.clone(),
                        enrolled_at: now(),
                        revoked_at: None,
                        last_seen: None,
                    };
                    new_peer = Some((p.clone(), e.id));
                    p
                }
                _ => return Err(SyncError::UnknownDevice { device: h.sender.clone() }),
            }
        }
    };
    if peer.revoked_at.is_some() {
        return Err(SyncError::Revoked { device: peer.id });
    }
    // Forked ids share their keys: revoking any id of a laptop revokes the laptop.
    if me.role == Role::County {
        if let Some(revoked) = ss::revoked_with_key(store.read(), &peer.sign_pk)? {
            return Err(SyncError::Revoked { device: revoked });
        }
    }
    if me.role == Role::Laptop && (peer.role != Role::County || me.county_id.as_deref() != Some(peer.id.as_str())) {
        return Err(SyncError::UnknownDevice { device: peer.id });
    }
    let sections = opened.verify(&peer.sign_pk)?;
    let mut w = store.write()?;
    if let Some((p, enrollment)) = &new_peer {
        ss::add_peer(w.conn(), p)?;
        ss::use_enrollment(w.conn(), enrollment, &p.id)?;
    }
    if let Some(p) = &new_fork {
        ss::add_peer(w.conn(), p)?;
    }
    // Laptop: the county says this identity diverged, or holds more of it than this database ever
    // wrote: this database is a copy; take a new identity before anything else (ADR 0001).
    let fork = if me.role == Role::Laptop {
        let reason = if h.diverged { ss::ForkReason::Diverged } else { ss::ForkReason::AheadAtCounty };
        let addressed_to_me = h.recipients.iter().any(|r| r == &me.id);
        let fork = if h.diverged && addressed_to_me {
            w.fork_device(reason)?
        } else if let (true, Some((seq, hlc))) = (addressed_to_me, h.your_tip) {
            w.fork_if_not_mine(seq, hlc, &h.vector)?
        } else {
            w.fork_if_behind(&h.vector)?
        };
        if let Some(f) = &fork {
            ss::record_fork(w.conn(), f, reason)?;
        }
        fork
    } else {
        None
    };
    let stats = match w.apply_sections(&peer, &sections) {
        Ok(s) => s,
        Err(zhucun_store::StoreError::Diverged { device, seq }) => {
            // County: refuse the bundle whole, and mark the identity so its return bundle tells it.
            drop(w);
            let w = store.write()?;
            ss::set_peer_diverged(w.conn(), &peer.id, Some(&now()))?;
            w.commit()?;
            return Err(zhucun_store::StoreError::Diverged { device, seq }.into());
        }
        Err(e) => return Err(e.into()),
    };
    w.record_acks(&peer.id, &h.vector)?;
    ss::touch_peer(w.conn(), &peer.id, &now())?;
    if me.role == Role::County {
        ss::set_peer_diverged(w.conn(), &peer.id, None)?;
    }
    w.commit()?;
    let village = match &peer.village_id {
        Some(v) => village_name(store, v)?,
        None => None,
    };
    let report = BundleImportReport {
        sender: peer.id.clone(),
        sender_role: peer.role.as_str().into(),
        village,
        applied: stats.applied,
        duplicates: stats.duplicates,
        proposals: stats.proposals,
        gaps: stats.gaps,
        kept_unknown: stats.kept_unknown,
        newly_enrolled: new_peer.is_some(),
        forked: fork.is_some(),
        pending: ss::pending(store.read())?,
        more: h.more,
    };
    Ok(report)
}

/// The most ids a laptop may name as its former ones (a fork per copy or restore; hundreds would be
/// a forged header, refused before any lookup).
const MAX_FORKS: usize = 64;

/// A device id as this app makes them (a UUID; tests use short ASCII names): it becomes a file name
/// and is shown to people, so a claim with anything else is refused before it is stored.
fn plausible_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Read a bundle file from outside: a regular file (never a FIFO or a device, opened without
/// blocking) of at most [`bundle::MAX_BUNDLE`] bytes, else refused before anything is read.
pub fn read_bundle_file(path: &Path) -> Result<Vec<u8>> {
    Ok(zhucun_files::read_bounded(path, bundle::MAX_BUNDLE)?)
}

/// Import a bundle file. A refused file is kept in the quarantine folder beside the database (whole
/// when it is framed as a bundle, else a short note) and the refusal is recorded; the data is not touched.
pub fn import_file(store: &mut Store, path: &Path) -> Result<BundleImportReport> {
    let label = zhucun_files::shown(path);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "bundle".into());
    let bytes = match read_bundle_file(path) {
        Ok(b) => b,
        Err(e) => {
            refused(store, &name, &[], &e, Some(&label));
            return Err(e);
        }
    };
    match import_bytes(store, &bytes) {
        Ok(r) => {
            let mut msg = format!("导入 {} 条新修改（{} 条已有）", r.applied, r.duplicates);
            if r.more > 0 {
                msg.push_str(&format!("；对方还有 {} 条改动待下次同步", r.more));
            }
            event(store, "import", Some(&r.sender), Some(&label), true, r.applied as i64, msg)?;
            Ok(r)
        }
        Err(e) => {
            refused(store, &name, &bytes, &e, Some(&label));
            Err(e)
        }
    }
}

/// The 同步 page and `sync status`.
#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct SyncStatus {
    pub device: String,
    pub role: String,
    pub enrolled: bool,
    pub village: Option<String>,
    pub county: Option<String>,
    pub server_url: Option<String>,
    /// Changes of this device the county has not confirmed.
    pub pending: i64,
    /// When the county last confirmed (the last bundle imported from it).
    pub last_ack_at: Option<String>,
    pub conflicts: Vec<ss::Conflict>,
    /// County: proposals waiting for a decision.
    pub proposals_open: i64,
    /// County: laptops enrolled (not revoked).
    pub devices: i64,
    pub events: Vec<SyncEvent>,
}

pub fn status(store: &Store) -> Result<SyncStatus> {
    let conn = store.read();
    let d = ss::device(conn)?;
    let village = match &d.village_id {
        Some(v) => village_name(store, v)?,
        None => None,
    };
    let last_ack_at: Option<String> = match &d.county_id {
        Some(c) => ss::peer(conn, c)?.and_then(|p| p.last_seen),
        None => None,
    };
    let proposals_open = ss::proposals(conn, true)?.len() as i64;
    let devices = ss::peers(conn)?.iter().filter(|p| p.role == Role::Laptop && p.revoked_at.is_none()).count() as i64;
    Ok(SyncStatus {
        device: d.id.clone(),
        role: d.role.as_str().into(),
        enrolled: d.enrolled(),
        village,
        county: d.county_id.clone(),
        server_url: d.server_url.clone(),
        pending: ss::pending(conn)?,
        last_ack_at,
        conflicts: ss::conflicts(conn, false)?,
        proposals_open,
        devices,
        events: ss::events(conn, 20)?,
    })
}

/// What an enrollment file carries (signed by the county).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EnrollmentPayload {
    pub county: String,
    pub county_keys: PublicKeys,
    pub village_id: String,
    pub village_name: String,
    pub team_id: String,
    pub enrollment: String,
    pub token: String,
    pub server_url: Option<String>,
    pub created_at: String,
    /// The rows the team needs before its first sync: the division chain of the village and the team.
    pub seed: Vec<ChangeRecord>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct EnrollmentFile {
    format: String,
    version: u32,
    payload: String,
    signature: String,
}

const ENROLLMENT_FORMAT: &str = "zhucun-enrollment";

/// County: make this database the county's (first start of `zhucun-server`) and its keys.
pub fn init_county(store: &Store) -> Result<()> {
    let d = ss::device(store.read())?;
    if d.role != Role::County {
        ss::set_county_role(store.read())?;
    }
    ensure_keys(store)?;
    Ok(())
}

/// County: an enrollment file for one laptop of a village (by name or id).
pub fn create_enrollment(store: &mut Store, village: &str, server_url: Option<&str>) -> Result<(Vec<u8>, EnrollmentPayload)> {
    let me = ss::device(store.read())?;
    if me.role != Role::County {
        return Err(SyncError::NotCounty);
    }
    let keys = ensure_keys(store)?;
    let found = ss::find_village(store.read(), village)?;
    let (village_id, village_name) = found.ok_or_else(|| SyncError::UnknownVillage { village: village.into() })?;
    let token: [u8; 32] = rand::random();
    let enrollment = uuid::Uuid::now_v7().to_string();
    let mut w = store.write()?;
    let team_id = zhucun_store::members::team_of_village(&mut w, &village_id)?;
    let at = w.at().to_string();
    ss::add_enrollment(
        w.conn(),
        &ss::Enrollment {
            id: enrollment.clone(),
            village_id: village_id.clone(),
            team_id: team_id.clone(),
            token_hash: blake3::hash(&token).as_bytes().to_vec(),
            device_id: None,
        },
        &at,
    )?;
    w.commit()?;
    // The village's chain of divisions up to the county, and the team.
    let mut rows: Vec<(String, String)> =
        ss::division_chain(store.read(), &village_id)?.into_iter().map(|d| ("division".to_string(), d)).collect();
    rows.push(("team".into(), team_id.clone()));
    let refs: Vec<(&str, &str)> = rows.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let seed = ss::changes_of_rows(store.read(), &me.id, &refs)?;
    let payload = EnrollmentPayload {
        county: me.id.clone(),
        county_keys: keys.public(),
        village_id,
        village_name,
        team_id,
        enrollment,
        token: hex::encode(token),
        server_url: server_url.map(str::to_string).or(me.server_url.clone()),
        created_at: now(),
        seed,
    };
    let json = serde_json::to_vec(&payload).map_err(|e| SyncError::Corrupt { detail: e.to_string() })?;
    use ed25519_dalek::Signer;
    let sig = keys.sign.sign(&json);
    let file = EnrollmentFile { format: ENROLLMENT_FORMAT.into(), version: 1, payload: hex::encode(&json), signature: hex::encode(sig.to_bytes()) };
    let bytes = serde_json::to_vec_pretty(&file).map_err(|e| SyncError::Corrupt { detail: e.to_string() })?;
    Ok((bytes, payload))
}

/// Read and check an enrollment file.
pub fn read_enrollment(bytes: &[u8]) -> Result<EnrollmentPayload> {
    let bad = |d: &str| SyncError::BadEnrollment { detail: d.into() };
    let file: EnrollmentFile = serde_json::from_slice(bytes).map_err(|_| bad("不是登记文件"))?;
    if file.format != ENROLLMENT_FORMAT {
        return Err(bad("不是登记文件"));
    }
    if file.version > 1 {
        return Err(bad("登记文件版本过新，请升级驻村工作台"));
    }
    let json = hex::decode(&file.payload).map_err(|_| bad("内容损坏"))?;
    let sig = hex::decode(&file.signature).map_err(|_| bad("签名损坏"))?;
    let payload: EnrollmentPayload = serde_json::from_slice(&json).map_err(|_| bad("内容损坏"))?;
    if !plausible_id(&payload.county) {
        return Err(bad("县里的编号不合规"));
    }
    let pk: [u8; 32] = payload.county_keys.sign.as_slice().try_into().map_err(|_| bad("县里的公钥损坏"))?;
    let sig: [u8; 64] = sig.as_slice().try_into().map_err(|_| bad("签名损坏"))?;
    use ed25519_dalek::Verifier;
    ed25519_dalek::VerifyingKey::from_bytes(&pk)
        .map_err(|_| bad("县里的公钥损坏"))?
        .verify(&json, &ed25519_dalek::Signature::from_bytes(&sig))
        .map_err(|_| bad("签名不符，文件可能被改动过"))?;
    Ok(payload)
}

#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct EnrollReport {
    pub device: String,
    pub county: String,
    pub village: String,
    pub team: String,
    pub server_url: Option<String>,
}

/// The largest enrollment file read. A real one is a few KB (the county's keys, the village's chain
/// of divisions and its team); 1 MiB is hundreds of times that and still nothing to hold in memory.
pub const MAX_ENROLLMENT: u64 = 1 << 20;

/// Read an enrollment file from outside: a regular file of at most [`MAX_ENROLLMENT`] bytes.
pub fn read_enrollment_file(path: &Path) -> Result<Vec<u8>> {
    Ok(zhucun_files::read_bounded(path, MAX_ENROLLMENT)?)
}

/// Laptop: read an enrollment file ([`read_enrollment_file`]) and import it ([`enroll`]).
pub fn enroll_file(store: &mut Store, path: &Path) -> Result<EnrollReport> {
    let bytes = read_enrollment_file(path)?;
    enroll(store, &bytes)
}

/// Laptop: import an enrollment file once. Refused on a database that already holds data of its own.
pub fn enroll(store: &mut Store, bytes: &[u8]) -> Result<EnrollReport> {
    let p = read_enrollment(bytes)?;
    let me = ss::device(store.read())?;
    if me.role == Role::County {
        return Err(SyncError::BadEnrollment { detail: "这是县级服务器的数据库".into() });
    }
    if let Some(c) = me.county_id {
        return Err(SyncError::AlreadyEnrolled { county: c });
    }
    let own = ss::own_changes(store.read())?;
    if own > 0 {
        return Err(SyncError::HasLocalData { changes: own });
    }
    ensure_keys(store)?;
    let token = hex::decode(&p.token).map_err(|_| SyncError::BadEnrollment { detail: "内容损坏".into() })?;
    let county = Peer {
        id: p.county.clone(),
        role: Role::County,
        village_id: None,
        sign_pk: p.county_keys.sign.clone(),
        age_recipient: p.county_keys.age.clone(),
        enrolled_at: now(),
        revoked_at: None,
        last_seen: None,
    };
    let mut w = store.write()?;
    ss::bind_to_county(w.conn(), &county, &p.village_id, &p.team_id, &p.enrollment, &token, p.server_url.as_deref())?;
    w.apply_loose(&p.seed)?;
    w.commit()?;
    event(store, "enroll", Some(&p.county), None, true, 0, format!("已登记到县里：{}", p.village_name))?;
    Ok(EnrollReport { device: me.id, county: p.county, village: p.village_name, team: p.team_id, server_url: p.server_url })
}

/// County: refuse further bundles from a laptop (lost or replaced).
pub fn revoke(store: &Store, device: &str) -> Result<bool> {
    Ok(ss::revoke_peer(store.read(), device, &now())?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn framed(len: usize) -> Vec<u8> {
        let mut f = bundle::FRAME.to_vec();
        f.extend_from_slice(&1u16.to_le_bytes());
        f.extend_from_slice(&(len as u64).to_le_bytes());
        f.resize(bundle::FRAME_LEN + len, 7);
        f
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }

    #[test]
    fn the_quarantine_keeps_bundles_whole_and_anything_else_as_a_short_private_note() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("同步隔离");
        let e = SyncError::Corrupt { detail: "x".into() };
        let b = framed(1000);
        let kept = quarantine(&dir, "a.zhcb", &b, &e, Some("stick"), Keep::WholeIfFramed, QUARANTINE).unwrap();
        assert_eq!(std::fs::read(&kept).unwrap(), b, "a framed bundle is kept whole");
        let video = vec![0x42u8; 200_000];
        let note = quarantine(&dir, "a.zhcb", &video, &SyncError::NotABundle, Some("stick"), Keep::WholeIfFramed, QUARANTINE).unwrap();
        let text = std::fs::read_to_string(&note).unwrap();
        assert!(note.extension().unwrap() == "txt" && text.len() < 1500, "only a note: {} bytes", text.len());
        assert!(text.contains("sync.not_bundle") && text.contains("200000 字节"), "{text}");
        let http = quarantine(&dir, "http.zhcb", &b, &e, Some("http 10.0.0.9"), Keep::NoteOnly, QUARANTINE).unwrap();
        assert!(std::fs::metadata(&http).unwrap().len() < 1500, "a request body is never kept");
        let again = quarantine(&dir, "a.zhcb", &b, &e, None, Keep::WholeIfFramed, QUARANTINE).unwrap();
        assert_ne!(again, kept, "the same name twice in the same millisecond does not collide");
        assert_eq!(names(&dir).len(), 4);
        assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
        for n in names(&dir) {
            assert_eq!(std::fs::metadata(dir.join(&n)).unwrap().permissions().mode() & 0o777, 0o600, "{n}");
        }
        let hostile = quarantine(&dir, "../../逃出", &b, &e, None, Keep::WholeIfFramed, QUARANTINE).unwrap();
        assert_eq!(hostile.parent(), Some(dir.as_path()), "a name cannot leave the folder");
    }

    #[test]
    fn the_quarantine_drops_the_oldest_beyond_its_count_and_size() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("q");
        let e = SyncError::Truncated;
        let bounds = QuarantineBounds { files: 3, bytes: 1 << 20 };
        let mut written = Vec::new();
        for i in 0..6 {
            written.push(quarantine(&dir, &format!("f{i}.zhcb"), &framed(100), &e, None, Keep::WholeIfFramed, bounds).unwrap());
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let left = names(&dir);
        assert_eq!(left.len(), 3, "{left:?}");
        for (i, p) in written.iter().enumerate() {
            assert_eq!(p.exists(), i >= 3, "the oldest go first: {i}");
        }
        let bounds = QuarantineBounds { files: 100, bytes: 2500 };
        for i in 0..4 {
            quarantine(&dir, &format!("g{i}.zhcb"), &framed(1000), &e, None, Keep::WholeIfFramed, bounds).unwrap();
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let total: u64 = names(&dir).iter().map(|n| std::fs::metadata(dir.join(n)).unwrap().len()).sum();
        assert!(total <= 2500, "{total} bytes");
        assert!(names(&dir).iter().any(|n| n.ends_with("g3.zhcb")), "the newest stays");
    }

    #[test]
    fn files_that_are_not_bundles_are_refused_before_they_are_read() {
        let tmp = tempfile::tempdir().unwrap();
        let big = tmp.path().join("video.mp4");
        std::fs::File::create(&big).unwrap().set_len(2 << 30).unwrap();
        let t = std::time::Instant::now();
        assert_eq!(read_bundle_file(&big).unwrap_err().code(), "file.too_large");
        assert_eq!(read_bundle_file(Path::new("/dev/zero")).unwrap_err().code(), "file.not_regular");
        assert_eq!(read_enrollment_file(&big).unwrap_err().code(), "file.too_large");
        assert!(t.elapsed().as_secs() < 2);
        let e = read_bundle_file(&big).unwrap_err();
        assert!(e.message_zh().contains("太大") && e.message_zh().contains("数据没有改动"), "{}", e.message_zh());
    }

    #[test]
    fn only_plausible_device_ids() {
        assert!(plausible_id("0192f0c1-7d2a-7b3e-9a4f-1c2d3e4f5a6b") && plausible_id("laptop-golden"));
        for bad in ["", "../../x", "村村村", "a b", &"x".repeat(65)] {
            assert!(!plausible_id(bad), "{bad:?}");
        }
    }
}
