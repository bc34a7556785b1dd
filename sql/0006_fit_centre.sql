-- 0006_fit_centre.sql: what placed the centre of a fit's aperture and annuli.  The peak of the
-- stellar-continuum map (science.md section 6), or, where the continuum is not detected (its
-- filtered peak below 5 robust standard deviations of the map), the peak of the line map
-- (docs/fitting.md).  Fits made before this column existed were all centred on the continuum.
ALTER TABLE ifscat.fit_run
    ADD COLUMN centre_from text CHECK (centre_from IN ('continuum', 'line emission'));
UPDATE ifscat.fit_run SET centre_from = 'continuum' WHERE centre_x IS NOT NULL;

-- current_fit repeats every column of fit_run: made again so that it has the new one.
DROP VIEW ifscat.current_fit;
CREATE VIEW ifscat.current_fit AS
    SELECT f.*, t.name AS target, o.kind AS observation_kind, o.grating, o.filter
    FROM ifscat.fit_run f
    JOIN ifscat.observation o ON o.observation_id = f.observation_id
    JOIN ifscat.target t ON t.target_id = f.target_id
    WHERE o.status = 'current';
