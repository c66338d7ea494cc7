//! The columns of a file with no header, guessed from their values: a column of
//! e-mails is the e-mail, of phones the phone, of two- or three-word names the name, of
//! names with a legal form the company; anything else is kept in the notes.

use super::Field;
use crate::looks;
use crate::missing::present;

/// The field of each of `width` columns, from the rows given (a sample of the file).
pub(crate) fn guess(rows: &[Vec<String>], width: usize) -> Vec<Field> {
    let mut fields = Vec::with_capacity(width);
    for column in 0..width {
        let values: Vec<&str> = rows.iter().filter_map(|r| r.get(column)).filter_map(|c| present(c)).collect();
        let share = |test: fn(&str) -> bool| values.iter().filter(|v| test(v)).count() * 2 > values.len();
        let companies = values.iter().filter(|v| looks::company(v)).count();
        let people = values.iter().filter(|v| looks::person(v)).count();
        let field = if values.is_empty() {
            Field::Ignore
        } else if share(looks::email) {
            Field::Email
        } else if share(looks::phone) {
            Field::Phone
        } else if (companies + people) * 2 > values.len() {
            // A column of people and companies mixed is the name; each row tells which.
            let name_taken = fields.contains(&Field::Name);
            if people >= companies && !name_taken {
                Field::Name
            } else if companies > people && !fields.contains(&Field::Company) {
                Field::Company
            } else if !name_taken {
                Field::Name
            } else {
                Field::Notes
            }
        } else {
            Field::Notes
        };
        fields.push(field);
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_told_by_their_values() {
        let rows: Vec<Vec<String>> = [
            ["Иван Петров", "+7 913 000-00-01", "ivan@example.ru", "ООО «Ромашка»", "звонить утром", ""],
            ["Анна Смирнова", "8 913 000-00-02", "", "ООО «Лютик»", "", ""],
            ["Олег Сидоров", "null", "oleg@example.ru", "ИП Сидоров", "", ""],
        ]
        .iter()
        .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
        .collect();
        use Field::*;
        assert_eq!(guess(&rows, 6), [Name, Phone, Email, Company, Notes, Ignore]);
    }
}
