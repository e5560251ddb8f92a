-- Example reference data: eight mistake codes with their severities, so that mistakes form
-- patterns in a demo or a trial deployment. NOT a schema migration (Flyway never reads db/seed):
-- a production database brings its own mistake_types. Rows that exist keep their severity.
-- The one list: ./pipeline demo and the tests run this file (ExampleMistakeTypes, which also gives
-- the generator its codes), docker-compose's `seed` service runs it with psql.
INSERT INTO mistake_types (mistake_code, severity) VALUES
    ('CALCULATION_ERROR', 2),
    ('SIGN_ERROR', 2),
    ('CARELESS_READING', 1),
    ('CONCEPT_GAP', 4),
    ('FORMULA_MISAPPLIED', 3),
    ('UNIT_ERROR', 2),
    ('LOGIC_ERROR', 4),
    ('TIME_OUT', 5)
ON CONFLICT (mistake_code) DO NOTHING
RETURNING mistake_code;
