//! Photos sent with a complaint: the type is read from the bytes (not trusted from the client), and
//! everything that is not the picture — EXIF (with GPS position, camera serial, time), XMP, IPTC,
//! comments and PNG text chunks — is removed before the photo is stored. The pixels are untouched.

use gongshi_domain::complaint::PHOTO_BYTES_MAX;
use img_parts::{Bytes, DynImage, ImageEXIF};

/// Why a photo is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    #[error("the photo is larger than {PHOTO_BYTES_MAX} bytes")]
    TooLarge,
    #[error("only JPEG, PNG and WebP photos are accepted")]
    NotAnImage,
}

/// JPEG markers that carry metadata: APP1 (EXIF, XMP) … APP15 except APP2 (the colour profile,
/// which changes how the picture looks), and COM (comments).
const JPEG_METADATA: [u8; 14] = [
    0xE1, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEF, 0xFE,
];
/// PNG chunks with text, EXIF or a time stamp.
const PNG_METADATA: [&[u8; 4]; 5] = [b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"tIME"];

/// The photo without its metadata, and its content type.
pub fn strip(bytes: Vec<u8>) -> Result<(&'static str, Vec<u8>), PhotoError> {
    if bytes.len() > PHOTO_BYTES_MAX {
        return Err(PhotoError::TooLarge);
    }
    let image = DynImage::from_bytes(Bytes::from(bytes))
        .ok()
        .flatten()
        .ok_or(PhotoError::NotAnImage)?;
    let (content_type, out) = match image {
        DynImage::Jpeg(mut jpeg) => {
            for marker in JPEG_METADATA {
                jpeg.remove_segments_by_marker(marker);
            }
            let bytes = jpeg.encoder().bytes();
            // The container parser stops at the first scan and keeps the rest as it is: clean it.
            ("image/jpeg", Bytes::from(clean_after_first_scan(&bytes)))
        }
        DynImage::Png(mut png) => {
            for kind in PNG_METADATA {
                png.remove_chunks_by_type(*kind);
            }
            ("image/png", png.encoder().bytes())
        }
        DynImage::WebP(mut webp) => {
            webp.set_exif(None);
            webp.remove_chunks_by_id(*b"XMP ");
            ("image/webp", webp.encoder().bytes())
        }
    };
    Ok((content_type, out.to_vec()))
}

/// From the first start-of-scan on, a JPEG is entropy-coded data (where 0xFF is always followed by
/// 0x00 or a restart marker) interleaved, in progressive files, with marker segments. This keeps
/// the picture's segments and scans, drops metadata segments found there, and drops everything
/// after the end-of-image marker (a second embedded image with its own EXIF, a motion-photo video).
fn clean_after_first_scan(jpeg: &[u8]) -> Vec<u8> {
    let Some(sos) = jpeg.windows(2).position(|w| w == [0xFF, 0xDA]) else {
        return jpeg.to_vec();
    };
    let mut out = jpeg[..sos].to_vec();
    let mut i = sos;
    while i + 1 < jpeg.len() {
        if jpeg[i] != 0xFF {
            out.push(jpeg[i]);
            i += 1;
            continue;
        }
        let marker = jpeg[i + 1];
        match marker {
            // Stuffed byte, restart markers, fill bytes: part of the scan.
            0x00 | 0xD0..=0xD7 => {
                out.extend_from_slice(&jpeg[i..i + 2]);
                i += 2;
            }
            0xFF => {
                i += 1;
            }
            0xD9 => {
                out.extend_from_slice(&[0xFF, 0xD9]);
                return out;
            }
            _ => {
                // A marker segment: its length follows (and counts itself).
                let Some(len) = jpeg
                    .get(i + 2..i + 4)
                    .map(|l| usize::from(u16::from_be_bytes([l[0], l[1]])))
                else {
                    break;
                };
                let end = (i + 2 + len).min(jpeg.len());
                if !JPEG_METADATA.contains(&marker) {
                    out.extend_from_slice(&jpeg[i..end]);
                }
                i = end;
            }
        }
    }
    // No end-of-image marker: the picture is cut short, but nothing is added.
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1×1 JPEG with an EXIF segment holding a GPS-like string and a comment.
    fn jpeg_with_exif() -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8];
        let exif = b"Exif\0\0GPS 24.51N 117.65E camera SN-12345";
        b.extend([0xFF, 0xE1]);
        b.extend(u16::try_from(exif.len() + 2).expect("short").to_be_bytes());
        b.extend(exif);
        let comment = b"taken at home";
        b.extend([0xFF, 0xFE]);
        b.extend(
            u16::try_from(comment.len() + 2)
                .expect("short")
                .to_be_bytes(),
        );
        b.extend(comment);
        // A minimal frame: SOF0 for 1×1 greyscale, a Huffman-free scan body is enough for the
        // container parser, which does not decode pixels.
        b.extend([
            0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00,
        ]);
        b.extend([0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
        b.extend([0x12, 0x34, 0x56]);
        b.extend([0xFF, 0xD9]);
        b
    }

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn jpeg_metadata_goes_and_the_picture_stays() {
        let original = jpeg_with_exif();
        assert!(contains(&original, b"SN-12345"));
        let (kind, stripped) = strip(original).expect("a JPEG");
        assert_eq!(kind, "image/jpeg");
        assert!(!contains(&stripped, b"SN-12345"));
        assert!(!contains(&stripped, b"GPS"));
        assert!(!contains(&stripped, b"taken at home"));
        assert!(
            contains(&stripped, &[0x12, 0x34, 0x56]),
            "the scan data is kept"
        );
        assert_eq!(&stripped[..2], &[0xFF, 0xD8]);
    }

    #[test]
    fn metadata_between_scans_and_after_the_image_goes_too() {
        let mut b = jpeg_with_exif();
        // Drop the final EOI, add a second scan preceded by an APP1 segment (as progressive files
        // may), then the EOI, then a trailer: a second JPEG with its own EXIF.
        b.truncate(b.len() - 2);
        let exif = b"Exif\0\0GPS 31.2N 121.4E";
        b.extend([0xFF, 0xE1]);
        b.extend(u16::try_from(exif.len() + 2).expect("short").to_be_bytes());
        b.extend(exif);
        b.extend([0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
        b.extend([0xAB, 0xFF, 0x00, 0xCD, 0xFF, 0xD0, 0xEF]);
        b.extend([0xFF, 0xD9]);
        b.extend(jpeg_with_exif());
        let (_, stripped) = strip(b).expect("a JPEG");
        assert!(
            !contains(&stripped, b"GPS"),
            "no EXIF between scans or after the image"
        );
        assert!(!contains(&stripped, b"SN-12345"));
        assert!(
            contains(&stripped, &[0xAB, 0xFF, 0x00, 0xCD, 0xFF, 0xD0, 0xEF]),
            "the second scan's data, stuffing and restart marker kept"
        );
        assert_eq!(&stripped[stripped.len() - 2..], &[0xFF, 0xD9]);
        assert_eq!(
            stripped.windows(2).filter(|w| *w == [0xFF, 0xD8]).count(),
            1,
            "one image"
        );
    }

    #[test]
    fn png_text_goes() {
        // Signature, IHDR (1×1, 8-bit greyscale), a tEXt chunk, IDAT, IEND, each with its CRC.
        fn crc32(bytes: &[u8]) -> u32 {
            let mut crc = !0u32;
            for b in bytes {
                crc ^= u32::from(*b);
                for _ in 0..8 {
                    crc = if crc & 1 == 1 {
                        (crc >> 1) ^ 0xEDB8_8320
                    } else {
                        crc >> 1
                    };
                }
            }
            !crc
        }
        let mut b = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
        let chunk = |b: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]| {
            b.extend(u32::try_from(data.len()).expect("short").to_be_bytes());
            let mut typed = kind.to_vec();
            typed.extend(data);
            b.extend(&typed);
            b.extend(crc32(&typed).to_be_bytes());
        };
        chunk(&mut b, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
        chunk(&mut b, b"tEXt", b"Author\0Wang Xiaoming");
        chunk(&mut b, b"IDAT", &[0x78, 0x9C, 0x63, 0x00, 0x00]);
        chunk(&mut b, b"IEND", &[]);
        let (kind, stripped) = strip(b).expect("a PNG");
        assert_eq!(kind, "image/png");
        assert!(!contains(&stripped, b"Wang Xiaoming"));
        assert!(contains(&stripped, b"IDAT"));
    }

    #[test]
    fn other_files_and_large_ones_are_refused() {
        assert_eq!(strip(b"%PDF-1.7".to_vec()), Err(PhotoError::NotAnImage));
        assert_eq!(
            strip(b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec()),
            Err(PhotoError::NotAnImage)
        );
        assert_eq!(
            strip(vec![0xFF; PHOTO_BYTES_MAX + 1]),
            Err(PhotoError::TooLarge)
        );
    }
}
