//! Attachments: scanned letter pages, photos and documents kept with a case. What a file is
//! comes from its first bytes, never from its name; only types that cannot carry scripts into a
//! browser are taken, and the name is cleaned before it is stored or sent back.

use crate::ids::UserId;
use crate::rejection::Rejection;
use crate::workflow::string_enum;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

string_enum!(
    /// The file types accepted, by their MIME type.
    FileType, "file_type" {
        Pdf = "application/pdf", "PDF 文档", "PDF document";
        Jpeg = "image/jpeg", "JPEG 图片", "JPEG image";
        Png = "image/png", "PNG 图片", "PNG image";
        Gif = "image/gif", "GIF 图片", "GIF image";
        Webp = "image/webp", "WebP 图片", "WebP image";
        Tiff = "image/tiff", "TIFF 扫描件", "TIFF scan";
    }
);

impl FileType {
    /// What the first bytes say the file is, if it is one of the accepted types.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        let starts = |magic: &[u8]| bytes.starts_with(magic);
        if starts(b"%PDF-") {
            Some(FileType::Pdf)
        } else if starts(&[0xFF, 0xD8, 0xFF]) {
            Some(FileType::Jpeg)
        } else if starts(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(FileType::Png)
        } else if starts(b"GIF87a") || starts(b"GIF89a") {
            Some(FileType::Gif)
        } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
            Some(FileType::Webp)
        } else if starts(b"II*\0") || starts(b"MM\0*") {
            Some(FileType::Tiff)
        } else {
            None
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Jpeg => "jpg",
            FileType::Png => "png",
            FileType::Gif => "gif",
            FileType::Webp => "webp",
            FileType::Tiff => "tif",
        }
    }
}

/// An attachment's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AttachmentId(pub Uuid);

/// What is known of an attachment besides its bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentMeta {
    pub id: AttachmentId,
    pub name: String,
    pub file_type: FileType,
    pub size: i64,
    /// SHA-256 of the content, hex: shows the bytes were not changed since.
    pub sha256: String,
    pub uploaded_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub uploaded_at: OffsetDateTime,
}

/// The limits on uploads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UploadLimits {
    /// Bytes per file (20 MB by default).
    pub max_bytes: usize,
    /// Files per case.
    pub max_per_case: usize,
}

impl Default for UploadLimits {
    fn default() -> Self {
        Self {
            max_bytes: 20 * 1024 * 1024,
            max_per_case: 50,
        }
    }
}

/// Checks one uploaded file: not empty, within the size limit, of an accepted type by its
/// content. Returns the cleaned name and the type.
pub fn inspect(
    name: &str,
    bytes: &[u8],
    limits: &UploadLimits,
) -> Result<(String, FileType), Rejection> {
    if bytes.len() > limits.max_bytes {
        return Err(Rejection::AttachmentTooLarge {
            max_mb: limits.max_bytes.div_ceil(1024 * 1024),
        });
    }
    let file_type = FileType::sniff(bytes).ok_or(Rejection::AttachmentTypeNotAllowed)?;
    Ok((clean_name(name, file_type), file_type))
}

/// The name to keep: the last path component, without control characters, quotes or
/// separators, at most 80 characters, ending in the extension of what the file really is.
pub fn clean_name(raw: &str, file_type: FileType) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let kept: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\'' | ';' | '<' | '>' | '`'))
        .collect();
    let stem = match kept.rsplit_once('.') {
        Some((stem, _)) => stem.trim(),
        None => kept.trim(),
    };
    let stem: String = stem.trim_start_matches('.').chars().take(80).collect();
    let stem = if stem.is_empty() { "附件" } else { &stem };
    format!("{stem}.{}", file_type.extension())
}

/// A name that is safe in an HTTP header as plain ASCII (the real name goes in `filename*`).
pub fn ascii_name(name: &str, file_type: FileType) -> String {
    let ascii: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    if ascii.trim_matches('.').len() > file_type.extension().len() + 1 {
        ascii
    } else {
        format!("attachment.{}", file_type.extension())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_content_not_names() {
        assert_eq!(FileType::sniff(b"%PDF-1.7\n..."), Some(FileType::Pdf));
        assert_eq!(
            FileType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]),
            Some(FileType::Jpeg)
        );
        assert_eq!(
            FileType::sniff(b"RIFF\0\0\0\0WEBPVP8 "),
            Some(FileType::Webp)
        );
        assert_eq!(FileType::sniff(b"<html><script>"), None);
        assert_eq!(FileType::sniff(b"<svg xmlns="), None);
        assert_eq!(FileType::sniff(b"MZ\x90\0"), None);
        let limits = UploadLimits::default();
        assert_eq!(
            inspect("scan.pdf", b"<script>alert(1)</script>", &limits),
            Err(Rejection::AttachmentTypeNotAllowed)
        );
        assert_eq!(
            inspect("evil.html", b"%PDF-1.4", &limits).map(|(n, _)| n),
            Ok("evil.pdf".to_owned())
        );
        let small = UploadLimits {
            max_bytes: 4,
            max_per_case: 1,
        };
        assert_eq!(
            inspect("a.pdf", b"%PDF-1.4", &small),
            Err(Rejection::AttachmentTooLarge { max_mb: 1 })
        );
        assert_eq!(
            inspect("a.pdf", b"", &limits),
            Err(Rejection::AttachmentTypeNotAllowed)
        );
    }

    #[test]
    fn names_are_cleaned() {
        assert_eq!(
            clean_name("C:\\Users\\x\\来信扫描\"第1页\".PNG", FileType::Png),
            "来信扫描第1页.png"
        );
        assert_eq!(clean_name("../../etc/passwd", FileType::Pdf), "passwd.pdf");
        assert_eq!(clean_name("", FileType::Jpeg), "附件.jpg");
        assert_eq!(clean_name(".hidden", FileType::Gif), "附件.gif");
        assert_eq!(ascii_name("来信扫描.pdf", FileType::Pdf), "attachment.pdf");
        assert_eq!(ascii_name("scan-1.pdf", FileType::Pdf), "scan-1.pdf");
    }
}
