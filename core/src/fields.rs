//! The keys a struct is read from, as serde's derive declares them: for checking an input
//! object's keys against the struct itself (so a misspelt key is named with the keys that
//! exist, and only declared keys are read from an object that also holds callbacks or
//! Blobs) and declarations against the models.

use serde::de::{self, DeserializeOwned, Visitor};

/// The field names `T`'s derived `Deserialize` accepts (after renames, aliases included;
/// flattened fields are not). Empty for a type that is not a plain struct.
pub fn fields_of<T: DeserializeOwned>() -> &'static [&'static str] {
    T::deserialize(Names)
        .err()
        .map_or(&[], |Fields(names)| names)
}

/// What the probing deserializer "fails" with: the names it was asked for.
#[derive(Debug)]
struct Fields(&'static [&'static str]);

impl std::fmt::Display for Fields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a struct")
    }
}

impl std::error::Error for Fields {}

impl de::Error for Fields {
    fn custom<M: std::fmt::Display>(_: M) -> Fields {
        Fields(&[])
    }
}

/// Answers `deserialize_struct` by handing the field names back as its error.
struct Names;

impl<'de> de::Deserializer<'de> for Names {
    type Error = Fields;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Fields> {
        Err(Fields(&[]))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Fields> {
        Err(Fields(fields))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
        identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::fields_of;
    use crate::das::TransitFileRef;

    #[test]
    fn a_struct_names_its_keys_and_anything_else_none() {
        assert_eq!(
            fields_of::<TransitFileRef>(),
            [
                "osfAckId",
                "documentKindCategory",
                "documentNumber",
                "documentDate"
            ]
        );
        assert!(fields_of::<String>().is_empty());
        assert!(fields_of::<Vec<u8>>().is_empty());
    }
}
