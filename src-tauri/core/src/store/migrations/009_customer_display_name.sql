-- The name a customer is shown by, in one place for every query: the company for a
-- company, else the person (the other when one is empty), as `customer::display_name`
-- computes it in Rust (a test holds the two together). Virtual: computed when read,
-- nothing stored.
ALTER TABLE customers ADD COLUMN display_name TEXT GENERATED ALWAYS AS (
    CASE
        WHEN kind = 'company' AND trim(company_name) <> '' THEN trim(company_name)
        WHEN trim(name) <> '' THEN trim(name)
        ELSE trim(company_name)
    END
) VIRTUAL;
