-- 0007_relation_fit_values.sql: which values of the own sample a relation fit used: the best ones
-- (view best_property: ifscat's derived value where there is one) or, with `ifscat relations
-- --imported`, the imported ones (view imported_property: published or ingested).  Fits made
-- before this column existed used the best values.
ALTER TABLE ifscat.relation_fit
    ADD COLUMN own_values text NOT NULL DEFAULT 'best' CHECK (own_values IN ('best', 'imported'));
