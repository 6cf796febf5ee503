//! Names for a generated network: plausible, unique and deterministic, so that pages and charts
//! made from generated data read like a real collective's.

/// First halves of district names.
const PLACES: [&str; 25] = [
    "Alder",
    "Birch",
    "Cedar",
    "Dogwood",
    "Elm",
    "Fir",
    "Hawthorn",
    "Hickory",
    "Juniper",
    "Larch",
    "Linden",
    "Maple",
    "Oak",
    "Pine",
    "Poplar",
    "Redbud",
    "Sassafras",
    "Spruce",
    "Sycamore",
    "Tamarack",
    "Walnut",
    "Willow",
    "Aspen",
    "Beech",
    "Chestnut",
];

/// Second halves of district names: with `PLACES`, 500 distinct names.
const FEATURES: [&str; 20] = [
    "Creek", "Valley", "Ridge", "Hollow", "Springs", "Falls", "Meadow", "Harbor", "Bluff",
    "Crossing", "Grove", "Heights", "Lake", "Mill", "Point", "Prairie", "River", "Summit", "Bend",
    "Glen",
];

/// Given names of generated people.
const GIVEN: [&str; 16] = [
    "Avery", "Blake", "Camila", "Dmitri", "Elena", "Farah", "Gabriel", "Hana", "Isaac", "Jamal",
    "Keiko", "Luis", "Maya", "Noor", "Owen", "Priya",
];

/// Family names of generated people.
const FAMILY: [&str; 16] = [
    "Abbott", "Brooks", "Castillo", "Diaz", "Ellis", "Fischer", "Greene", "Haddad", "Iverson",
    "Johnson", "Kim", "Lopez", "Morales", "Nguyen", "Okafor", "Patel",
];

/// Subjects of generated classrooms.
const SUBJECTS: [&str; 6] = [
    "Mathematics",
    "English",
    "Science",
    "History",
    "Spanish",
    "Art",
];

/// The place part of district `i`'s name ("Alder Creek"); unique for `i` below 500.
pub fn place(i: usize) -> String {
    let feature = FEATURES[(i / PLACES.len()) % FEATURES.len()];
    format!("{} {feature}", PLACES[i % PLACES.len()])
}

/// District `i`'s name.
pub fn district(i: usize) -> String {
    format!("{} School District", place(i))
}

/// The names of district `i`'s one or two schools.
pub fn schools(i: usize, count: usize) -> Vec<String> {
    ["High School", "Middle School"]
        .iter()
        .take(count)
        .map(|kind| format!("{} {kind}", place(i)))
        .collect()
}

/// Person `p` of district `i`: a name (names may repeat across districts, as in life).
pub fn person(i: usize, p: usize) -> String {
    let n = i * 8 + p;
    format!(
        "{} {}",
        GIVEN[n % GIVEN.len()],
        FAMILY[(n * 7 + i) % FAMILY.len()]
    )
}

/// Person `p` of district `i`'s sign-in address: unique by construction.
pub fn email(i: usize, p: usize) -> String {
    format!("d{}.p{}@generated.example", i + 1, p + 1)
}

/// Classroom `room`'s label, subject and grade.
pub fn classroom(room: usize) -> (String, String, String) {
    (
        format!("Room {}", 101 + room),
        SUBJECTS[room % SUBJECTS.len()].to_string(),
        (6 + room % 7).to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_hundred_districts_have_distinct_names() {
        let names: std::collections::HashSet<String> = (0..500).map(district).collect();
        assert_eq!(names.len(), 500);
        assert_eq!(district(0), "Alder Creek School District");
        assert_eq!(schools(0, 2)[1], "Alder Creek Middle School");
    }

    #[test]
    fn addresses_are_unique() {
        let emails: std::collections::HashSet<String> = (0..500)
            .flat_map(|i| (0..8).map(move |p| email(i, p)))
            .collect();
        assert_eq!(emails.len(), 4000);
    }
}
