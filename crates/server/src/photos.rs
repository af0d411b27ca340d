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
            ("image/jpeg", jpeg.encoder().bytes())
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
