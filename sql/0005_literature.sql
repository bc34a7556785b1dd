-- 0005_literature.sql: literature compilations (a source per imported table, its points with
-- errors, limits and references), their cross-match with the catalog's targets by name and by sky
-- position (view target_literature), and the scaling-relation fits with their input points.

CREATE TYPE ifscat.limit_kind AS ENUM ('upper', 'lower');

-- Names compared for cross-matching: letters and digits only, lower case, so that
-- "SMACS0723_4590", "SMACS 0723-4590" and "smacs0723 4590" match.
CREATE FUNCTION ifscat.name_key(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT nullif(lower(regexp_replace($1, '[^A-Za-z0-9]', '', 'g')), '') $$;

CREATE TABLE ifscat.literature_source (
    source_id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9_.+-]+$'),
    reference           text,              -- for points whose row gives none (--reference)
    file_name           text NOT NULL,     -- the file imported, as named on the command line
    file_format         text NOT NULL CHECK (file_format IN ('csv', 'json', 'fits', 'votable')),
    file_bytes          bigint NOT NULL,
    file_sha256         text NOT NULL,     -- content hash: what exactly was imported
    mapping             jsonb NOT NULL,    -- the mapping that read it
    match_radius_arcsec double precision NOT NULL CHECK (match_radius_arcsec > 0),
    n_points            integer NOT NULL CHECK (n_points >= 0),
    n_skipped           integer NOT NULL DEFAULT 0 CHECK (n_skipped >= 0),  -- bad rows skipped (--skip-bad)
    software_version    text NOT NULL,
    imported_at         timestamptz NOT NULL DEFAULT now()
);

-- Values in ifscat's units: log Msun, log Msun/yr, 12+log(O/H), dex/kpc; _lo/_hi are 1-sigma errors
-- below/above (NULL when the table gives none); _limit marks upper or lower limits.
CREATE TABLE ifscat.literature_point (
    point_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_id       bigint NOT NULL REFERENCES ifscat.literature_source ON DELETE CASCADE,
    row_ref         text NOT NULL,       -- where in the file: 'line 12', 'row 3', 'index 0'
    name            text,
    name_key        text GENERATED ALWAYS AS (ifscat.name_key(name)) STORED,
    reference       text,
    ra_deg          double precision CHECK (ra_deg >= 0 AND ra_deg < 360),
    dec_deg         double precision CHECK (dec_deg BETWEEN -90 AND 90),
    z               double precision NOT NULL CHECK (z >= 0),
    z_lo            double precision CHECK (z_lo >= 0),
    z_hi            double precision CHECK (z_hi >= 0),
    logm            double precision,
    logm_lo         double precision CHECK (logm_lo >= 0),
    logm_hi         double precision CHECK (logm_hi >= 0),
    logm_limit      ifscat.limit_kind,
    logsfr          double precision,
    logsfr_lo       double precision CHECK (logsfr_lo >= 0),
    logsfr_hi       double precision CHECK (logsfr_hi >= 0),
    logsfr_limit    ifscat.limit_kind,
    oh              double precision,
    oh_lo           double precision CHECK (oh_lo >= 0),
    oh_hi           double precision CHECK (oh_hi >= 0),
    oh_limit        ifscat.limit_kind,
    gradient        double precision,
    gradient_lo     double precision CHECK (gradient_lo >= 0),
    gradient_hi     double precision CHECK (gradient_hi >= 0),
    gradient_limit  ifscat.limit_kind,
    CHECK ((ra_deg IS NULL) = (dec_deg IS NULL))
);
CREATE INDEX literature_point_source_idx ON ifscat.literature_point (source_id, z);
CREATE INDEX literature_point_q3c_idx ON ifscat.literature_point (q3c_ang2ipix(ra_deg, dec_deg));
CREATE INDEX literature_point_name_idx ON ifscat.literature_point (name_key);

-- Every (target, literature point) pair that is the same object: the same name (compared through
-- name_key) or a position within the source's match radius.  matched_by is 'name', 'position' or
-- 'name+position'; sep_arcsec is NULL when either side has no position.
CREATE VIEW ifscat.target_literature AS
    WITH pairs AS (
        SELECT t.target_id, p.point_id, 'name' AS how
        FROM ifscat.target t
        JOIN ifscat.literature_point p ON p.name_key = ifscat.name_key(t.name)
        UNION ALL
        -- For each (source, target) an indexed cone search among the source's points; OFFSET 0
        -- keeps the planner from flattening it into a scan of every (point, target) pair.
        SELECT t.target_id, p.point_id, 'position'
        FROM ifscat.literature_source s
        CROSS JOIN ifscat.target t
        CROSS JOIN LATERAL (
            SELECT p.point_id FROM ifscat.literature_point p
            WHERE p.source_id = s.source_id
              AND q3c_join(t.ra_deg, t.dec_deg, p.ra_deg, p.dec_deg, s.match_radius_arcsec / 3600.0)
            OFFSET 0) p
        WHERE t.ra_deg IS NOT NULL
    ), matched AS (
        SELECT target_id, point_id, string_agg(how, '+' ORDER BY how) AS matched_by
        FROM pairs GROUP BY target_id, point_id
    )
    SELECT t.target_id, t.name AS target, s.name AS source, p.point_id, p.name AS lit_name,
           m.matched_by, q3c_dist(t.ra_deg, t.dec_deg, p.ra_deg, p.dec_deg) * 3600.0 AS sep_arcsec,
           coalesce(p.reference, s.reference) AS reference,
           p.z, p.logm, p.logm_lo, p.logm_hi, p.logm_limit, p.logsfr, p.logsfr_lo, p.logsfr_hi, p.logsfr_limit,
           p.oh, p.oh_lo, p.oh_hi, p.oh_limit, p.gradient, p.gradient_lo, p.gradient_hi, p.gradient_limit
    FROM matched m
    JOIN ifscat.target t ON t.target_id = m.target_id
    JOIN ifscat.literature_point p ON p.point_id = m.point_id
    JOIN ifscat.literature_source s ON s.source_id = p.source_id;

-- Scaling-relation fits made by `ifscat relations` (a straight line with intrinsic scatter and
-- errors on both axes, sampled by MCMC), each with the exact points it was fitted to (the input_
-- arrays, one element per point: unnest them WITH ORDINALITY).  Errors _lo/_hi are 1-sigma (16th
-- and 84th percentiles from the median); the band is the 16th/50th/84th percentile of the line at
-- each band_x.
CREATE TABLE ifscat.relation_fit (
    fit_id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    relation         text NOT NULL CHECK (relation IN ('ms', 'mzr', 'fmr')),
    x_quantity       text NOT NULL,             -- logm, or mu_alpha = log M* - alpha log SFR
    y_quantity       text NOT NULL,             -- logsfr or oh
    alpha            double precision,          -- FMR only
    sample           text NOT NULL CHECK (sample IN ('main', 'satellites', 'all')),
    literature       text[] NOT NULL,           -- literature selections SOURCE[:ZMIN-ZMAX]; {} = own sample only
    n_points         integer NOT NULL CHECK (n_points >= 3),
    n_literature     integer NOT NULL CHECK (n_literature >= 0),
    slope            double precision NOT NULL,
    slope_lo         double precision NOT NULL,
    slope_hi         double precision NOT NULL,
    intercept        double precision NOT NULL, -- y at x = 0
    intercept_lo     double precision NOT NULL,
    intercept_hi     double precision NOT NULL,
    scatter          double precision NOT NULL, -- intrinsic scatter in y (dex)
    scatter_lo       double precision NOT NULL,
    scatter_hi       double precision NOT NULL,
    x_pivot          double precision NOT NULL, -- the mean x, where slope and value decorrelate
    band_x           double precision[] NOT NULL,
    band_y           double precision[] NOT NULL,
    band_lo          double precision[] NOT NULL, -- 16th percentile of the line at band_x
    band_hi          double precision[] NOT NULL, -- 84th percentile
    -- the points: a catalog target (input_target_id) or a literature point (input_point_id), the
    -- other NULL; ids as they were at the time of the fit
    input_target_id  bigint[] NOT NULL,
    input_point_id   bigint[] NOT NULL,
    input_x          double precision[] NOT NULL,
    input_x_err      double precision[] NOT NULL,
    input_y          double precision[] NOT NULL,
    input_y_err      double precision[] NOT NULL,
    method           text NOT NULL,
    seed             bigint NOT NULL,
    walkers          integer NOT NULL,
    steps            integer NOT NULL,
    burn             integer NOT NULL,
    thin             integer NOT NULL,
    acceptance       double precision NOT NULL,
    tau_steps        double precision NOT NULL, -- largest autocorrelation time of slope, value, scatter
    software_version text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (cardinality(input_x) = n_points AND cardinality(input_y) = n_points
           AND cardinality(input_x_err) = n_points AND cardinality(input_y_err) = n_points
           AND cardinality(input_target_id) = n_points AND cardinality(input_point_id) = n_points)
);
-- Point arrays of large fits are stored out of line uncompressed: compressing megabytes of
-- doubles costs more time than it saves space.
ALTER TABLE ifscat.relation_fit
    ALTER COLUMN input_target_id SET STORAGE EXTERNAL, ALTER COLUMN input_point_id SET STORAGE EXTERNAL,
    ALTER COLUMN input_x SET STORAGE EXTERNAL, ALTER COLUMN input_x_err SET STORAGE EXTERNAL,
    ALTER COLUMN input_y SET STORAGE EXTERNAL, ALTER COLUMN input_y_err SET STORAGE EXTERNAL;
