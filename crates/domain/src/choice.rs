//! Closed lists of values written in Chinese (户类别, 与户主关系, …). Each list accepts the national
//! system's wording plus the common variants that county spreadsheets use, and serialises as the
//! canonical wording, which is also what crosses into the UI.

/// Define a closed list: `Name { Variant = "canonical" | "variant" | …, … }`.
#[macro_export]
macro_rules! choice {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident = $label:literal $(| $alias:literal)* ),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, ts_rs::TS)]
        pub enum $name {
            $( $(#[$vm])* #[serde(rename = $label)] $var ),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$var),+];

            /// The canonical wording.
            pub fn label(self) -> &'static str {
                match self { $($name::$var => $label),+ }
            }

            /// Accept the canonical wording or a known variant; full-width brackets and spaces are ignored.
            pub fn parse(text: &str) -> Result<Self, $crate::DomainError> {
                // Most cells are written exactly: no allocation for them.
                let t = text.trim();
                $( if t == $label $(|| t == $alias)* { return Ok($name::$var); } )+
                let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
                let t = t.replace('（', "(").replace('）', ")");
                $( if t == $label $(|| t == $alias)* { return Ok($name::$var); } )+
                Err($crate::DomainError::Choice { value: text.trim().to_string(), allowed: Self::allowed() })
            }

            /// The canonical wordings, for messages: 脱贫户、监测户、一般农户.
            pub fn allowed() -> String {
                [$($label),+].join("、")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

/// 是/否 flags as rosters write them; an empty cell means 否.
pub fn parse_flag(text: &str) -> Result<bool, crate::DomainError> {
    match text.trim() {
        "是" | "Y" | "y" | "1" | "√" | "true" => Ok(true),
        "否" | "N" | "n" | "0" | "" | "false" => Ok(false),
        other => Err(crate::DomainError::Choice {
            value: other.to_string(),
            allowed: "是、否".to_string(),
        }),
    }
}

pub fn flag_label(v: bool) -> &'static str {
    if v {
        "是"
    } else {
        "否"
    }
}
