//! Photos of business cards kept with a client, so a rep at a stand can take the card
//! and type the rest later: what one is and the bounds on it. The bytes live beside the
//! log (the store's `files`), never in it: a photo is not a change to the client, and
//! megabytes of it would slow every fold and every sync.

use crate::values::error::{Problem, ValidationError};
use crate::values::ids::{ClientId, UserId};
use crate::values::newtype::{string_enum, string_newtype};
use chrono::{DateTime, Utc};
use std::str::FromStr;

/// The largest photo kept: a phone camera's full-size JPEG is 3–8 MB; the app shrinks
/// what it takes itself to a few hundred kilobytes.
pub const MAX_PHOTO_BYTES: u64 = 20 << 20;

/// The most photos one client keeps: a card's two sides, a badge, a few retakes.
pub const MAX_PHOTOS_PER_CLIENT: usize = 12;

/// A photo's id: 1–40 of `A–Z a–z 0–9 - _` (the host's random UUID, as a rule).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PhotoId(String);

string_newtype!(PhotoId);

impl FromStr for PhotoId {
    type Err = ValidationError;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let problem = if raw.is_empty() {
            Some(Problem::Empty)
        } else if raw.chars().count() > 40 {
            Some(Problem::TooLong { max: 40, actual: raw.chars().count() })
        } else if !raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            Some(Problem::Malformed { reason: "only letters A–Z, digits, '-' and '_' are allowed".into() })
        } else {
            None
        };
        match problem {
            Some(problem) => Err(ValidationError::new("photo", problem)),
            None => Ok(Self(raw.to_owned())),
        }
    }
}

string_enum! {
    /// The image formats a photo may be in: what cameras and browsers write.
    ImageType in "type" {
        Jpeg = "image/jpeg",
        Png = "image/png",
        Webp = "image/webp",
        Heic = "image/heic",
        Heif = "image/heif",
        Avif = "image/avif",
        Gif = "image/gif",
    }
}

/// A photo kept with a client: what it is, not its bytes.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase")]
pub struct CardPhoto {
    pub id: PhotoId,
    pub client: ClientId,
    #[json(rename = "type")]
    pub image_type: ImageType,
    pub bytes: u64,
    #[json(with = "ripen_json::time::millis")]
    pub added_at: DateTime<Utc>,
    pub by: UserId,
}

impl CardPhoto {
    /// A photo of `bytes` bytes, checked against [`MAX_PHOTO_BYTES`].
    pub fn new(
        id: PhotoId,
        client: ClientId,
        image_type: ImageType,
        bytes: u64,
        added_at: DateTime<Utc>,
        by: UserId,
    ) -> Result<Self, ValidationError> {
        if bytes == 0 {
            return Err(ValidationError::new("photo", Problem::Empty));
        }
        if bytes > MAX_PHOTO_BYTES {
            let reason = format!("is {bytes} bytes; at most {MAX_PHOTO_BYTES} are kept");
            return Err(ValidationError::new("photo", Problem::Malformed { reason }));
        }
        Ok(Self { id, client, image_type, bytes, added_at, by })
    }

    /// Where the store keeps it: the client's photos are the keys under [`Self::prefix`].
    pub fn key(&self) -> String {
        format!("{}{}", Self::prefix(&self.client), self.id)
    }

    pub fn prefix(client: &ClientId) -> String {
        format!("{client}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<Utc> {
        DateTime::from_timestamp_millis(1_796_000_000_123).unwrap()
    }

    fn client() -> ClientId {
        "0000000000wa8.1".parse().unwrap()
    }

    #[test]
    fn photo_ids_are_short_plain_words() {
        let cases = [
            ("1b4e28ba-2fa1-11d2-883f-0016d3cca427", None),
            ("a", None),
            ("", Some("empty")),
            ("a/b", Some("malformed")),
            ("../x", Some("malformed")),
            ("фото", Some("malformed")),
            (&*"x".repeat(41), Some("too_long")),
        ];
        for (raw, problem) in cases {
            let parsed = raw.parse::<PhotoId>();
            assert_eq!(parsed.as_ref().err().map(|e| e.problem.code()), problem, "{raw:?}");
        }
    }

    #[test]
    fn image_types_are_what_cameras_write() {
        assert_eq!("image/jpeg".parse::<ImageType>().unwrap(), ImageType::Jpeg);
        for refused in ["image/svg+xml", "text/html", "", "IMAGE/JPEG", "application/pdf"] {
            assert!(refused.parse::<ImageType>().is_err(), "{refused}");
        }
    }

    #[test]
    fn a_photo_is_bounded_and_reads_back_as_written() {
        let make = |bytes| {
            CardPhoto::new("p1".parse().unwrap(), client(), ImageType::Jpeg, bytes, at(), "anna".parse().unwrap())
        };
        assert_eq!(make(0).unwrap_err().problem.code(), "empty");
        assert!(make(MAX_PHOTO_BYTES + 1).is_err());
        let photo = make(MAX_PHOTO_BYTES).unwrap();
        let text = ripen_json::to_string(&photo);
        assert_eq!(
            text,
            r#"{"id":"p1","client":"0000000000wa8.1","type":"image/jpeg","bytes":20971520,"addedAt":1796000000123,"by":"anna"}"#
        );
        assert_eq!(ripen_json::from_str::<CardPhoto>(&text).unwrap(), photo);
        assert_eq!(photo.key(), "0000000000wa8.1/p1");
        let forged = text.replace(r#""p1""#, r#""../p1""#);
        assert!(ripen_json::from_str::<CardPhoto>(&forged).is_err());
    }
}
