-- 0003_linefit.sql: emission-line fits (ifscat fit).  One fit per observation (a fit with other
-- settings replaces it), with its settings; the regions fitted (spaxels, smoothed spaxels, aperture,
-- annuli, or a 1D spectrum) and their geometry; per region and line the flux; per region and group
-- the kinematics; the summed spectra with their best-fit models; the maps that placed the regions.
-- docs/fitting.md is the reference.
CREATE TYPE ifscat.region_kind AS ENUM ('spaxel', 'smoothed', 'aperture', 'annulus', 'spectrum');
CREATE TYPE ifscat.fit_status AS ENUM ('ok', 'no coverage', 'not converged', 'low S/N');

CREATE TABLE ifscat.fit_run (
    fit_id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    observation_id       bigint NOT NULL UNIQUE,  -- one fit per observation: the current fit
    target_id            bigint NOT NULL,
    settings             jsonb NOT NULL,          -- everything the result depends on (docs/fitting.md)
    settings_sha256      text NOT NULL CHECK (settings_sha256 ~ '^[0-9a-f]{64}$'), -- of the settings text
    lines_name           text NOT NULL,
    lines_sha256         text NOT NULL CHECK (lines_sha256 ~ '^[0-9a-f]{64}$'),   -- the line-list file
    disperser            text NOT NULL,           -- resolution curve: PRISM, G395M, G140M+G235M+G395M
    z_prior              double precision NOT NULL, -- the target's catalogue redshift when fitted
    centre_x             smallint,                -- peak of the stellar-continuum map (cubes)
    centre_y             smallint,
    centre_ra_deg        double precision,
    centre_dec_deg       double precision,
    aperture_radius      double precision CHECK (aperture_radius > 0), -- spaxels
    aperture_from_extent boolean,                 -- the radius is the extent of the line emission
    line_extent          integer CHECK (line_extent >= 0), -- annuli of the line map with S/N >= 3
    background_spaxels   integer CHECK (background_spaxels > 0), -- NULL: no background subtracted
    n_regions            integer NOT NULL CHECK (n_regions > 0),
    threads              integer NOT NULL CHECK (threads > 0),    -- not a setting: results do not depend on it
    seconds              double precision NOT NULL,               -- wall time of maps, regions and fits
    software_version     text NOT NULL,
    fitted_at            timestamptz NOT NULL DEFAULT now(),
    UNIQUE (fit_id, target_id),
    FOREIGN KEY (observation_id, target_id) REFERENCES ifscat.observation (observation_id, target_id)
        ON DELETE CASCADE
);
CREATE INDEX fit_run_target_idx ON ifscat.fit_run (target_id);

-- The line list of a fit (labels and rest wavelengths for tables and plots).
CREATE TABLE ifscat.fit_line (
    fit_id     bigint NOT NULL REFERENCES ifscat.fit_run ON DELETE CASCADE,
    line       text NOT NULL,              -- the list's name, e.g. OIII5008
    label      text NOT NULL,              -- e.g. [OIII] 5008
    rest_aa    double precision NOT NULL,  -- vacuum
    group_id   integer NOT NULL,
    group_name text NOT NULL,
    tied_to    text,                       -- flux = flux_ratio x that line's
    flux_ratio double precision,
    case_b     double precision,           -- Case B ratio to H-beta (Balmer lines)
    PRIMARY KEY (fit_id, line)
);

-- The tables below hold one row per region (or spaxel) of every fit: hash-partitioned by target
-- like ifscat.spaxel (docs/ingest.md), so that a galaxy's fits share its partition.  line_fit and
-- group_fit refer to their fit, not to their region: a foreign key into the partitioned region
-- table costs a partition-routed lookup per row (2.2 s for the 110,000 rows of a 57 x 57 cube,
-- ten times the rest of the write), and deleting regions would fire one cascade per row; the
-- fit's rows are written and deleted together, in one transaction.
CREATE TABLE ifscat.region (
    target_id        bigint NOT NULL,
    fit_id           bigint NOT NULL,
    region_id        integer NOT NULL CHECK (region_id >= 0),  -- position in the fit's regions
    kind             ifscat.region_kind NOT NULL,
    number           smallint CHECK (number > 0), -- annulus number (1: the radius-1 circle); NULL otherwise
    x                smallint NOT NULL,  -- the spaxel (spaxel, smoothed) or the centre (aperture, annulus), 0-based
    y                smallint NOT NULL,
    ra_deg           double precision,   -- of that spaxel; NULL without a sky WCS
    dec_deg          double precision,
    r_in             double precision,   -- aperture and annuli: radii in spaxels (r_in < d <= r_out)
    r_out            double precision,
    r_mean           double precision,   -- mean distance of the spaxels from the centre, spaxels
    r_in_arcsec      double precision,   -- the same in arcsec (x pixel scale) ...
    r_out_arcsec     double precision,
    r_mean_arcsec    double precision,
    r_in_kpc         double precision,   -- ... and in lensing-corrected kpc (x target.scale_kpc_arcsec)
    r_out_kpc        double precision,
    r_mean_kpc       double precision,
    n_spaxels        integer NOT NULL CHECK (n_spaxels > 0), -- spaxels in the region
    n_used           integer NOT NULL CHECK (n_used >= 0),   -- summed (spaxels masked everywhere are left out)
    area_kpc2        double precision,   -- n_used spaxels, lensing-corrected kpc^2
    error_scale      double precision,   -- factor applied to the errors; NULL when the continuum failed
    error_npix       integer NOT NULL,   -- window pixels it was measured from (0: not measured, factor 1)
    single_continuum boolean NOT NULL,   -- one continuum fit served every group
    PRIMARY KEY (target_id, fit_id, region_id),
    FOREIGN KEY (fit_id, target_id) REFERENCES ifscat.fit_run (fit_id, target_id) ON DELETE CASCADE
) PARTITION BY HASH (target_id);

CREATE TABLE ifscat.line_fit (
    target_id bigint NOT NULL,
    fit_id    bigint NOT NULL,
    region_id integer NOT NULL,
    line      text NOT NULL,             -- fit_line.line
    group_id  integer NOT NULL,          -- group_fit.group_id of its group
    flux      double precision,          -- 1e-20 erg/s/cm2 (observed); NULL when not measured
    err       double precision,          -- 1 sigma, from the rescaled errors
    snr       double precision,          -- flux / err
    status    ifscat.fit_status NOT NULL,
    PRIMARY KEY (target_id, fit_id, region_id, line),
    FOREIGN KEY (fit_id, target_id) REFERENCES ifscat.fit_run (fit_id, target_id) ON DELETE CASCADE
) PARTITION BY HASH (target_id);

CREATE TABLE ifscat.group_fit (
    target_id     bigint NOT NULL,
    fit_id        bigint NOT NULL,
    region_id     integer NOT NULL,
    group_id      integer NOT NULL,      -- the line list's id
    group_name    text NOT NULL,
    z             double precision,      -- NULL without a fit (no coverage, not converged)
    z_err         double precision,      -- NULL when held at the reference group's (low S/N)
    lsf_scale     double precision,      -- line width / instrumental width
    lsf_scale_err double precision,
    fwhm_kms      double precision,      -- lsf_scale x c / R at the group's lines
    chi2_red      double precision,
    npoints       integer NOT NULL,
    nparams       integer NOT NULL,
    status        ifscat.fit_status NOT NULL,
    PRIMARY KEY (target_id, fit_id, region_id, group_id),
    FOREIGN KEY (fit_id, target_id) REFERENCES ifscat.fit_run (fit_id, target_id) ON DELETE CASCADE
) PARTITION BY HASH (target_id);

-- Per spaxel of a fitted cube: the maps that placed the regions.
CREATE TABLE ifscat.fit_map (
    target_id     bigint NOT NULL,
    fit_id        bigint NOT NULL,
    x             smallint NOT NULL,
    y             smallint NOT NULL,
    continuum     double precision,      -- mean f_lambda over rest 4393-4810 A (continuum_map_aa) outside
                                         -- line masks, 1e-20 erg/s/cm2/A; NULL without data
    continuum_err double precision,      -- from the pipeline errors (not rescaled)
    extent_flux   double precision,      -- continuum-subtracted flux of the extent lines within +-1 FWHM,
                                         -- 1e-20 erg/s/cm2; NULL without data
    extent_err    double precision,      -- from the rescaled errors
    background    boolean NOT NULL,      -- one of the source-free spaxels that measured the background
    PRIMARY KEY (target_id, fit_id, y, x),
    FOREIGN KEY (fit_id, target_id) REFERENCES ifscat.fit_run (fit_id, target_id) ON DELETE CASCADE
) PARTITION BY HASH (target_id);

DO $$
BEGIN
    FOR i IN 0..15 LOOP
        EXECUTE format('CREATE TABLE ifscat.region_p%s PARTITION OF ifscat.region '
                       'FOR VALUES WITH (MODULUS 16, REMAINDER %s)', i, i);
        EXECUTE format('CREATE TABLE ifscat.line_fit_p%s PARTITION OF ifscat.line_fit '
                       'FOR VALUES WITH (MODULUS 16, REMAINDER %s)', i, i);
        EXECUTE format('CREATE TABLE ifscat.group_fit_p%s PARTITION OF ifscat.group_fit '
                       'FOR VALUES WITH (MODULUS 16, REMAINDER %s)', i, i);
        EXECUTE format('CREATE TABLE ifscat.fit_map_p%s PARTITION OF ifscat.fit_map '
                       'FOR VALUES WITH (MODULUS 16, REMAINDER %s)', i, i);
    END LOOP;
END $$;

-- The spectra of the summed regions (aperture, annuli) and of 1D observations, on the observation's
-- wave_um, with the best fit: for `ifscat export spectra` and spectrum plots.  A few rows per fit.
CREATE TABLE ifscat.region_spectrum (
    target_id bigint NOT NULL,
    fit_id    bigint NOT NULL,
    region_id integer NOT NULL,
    flux      real[] NOT NULL,       -- 1e-20 erg/s/cm2/Angstrom, summed over the region
    err       real[] NOT NULL,       -- as summed (quadrature); the fit used err x region.error_scale
    mask      bit varying NOT NULL,  -- get_bit(mask, k - 1) = 1: channel k unusable
    continuum real[] NOT NULL,       -- the fitted continuum; NaN beyond the continuum windows' span
    model     real[] NOT NULL,       -- continuum + fitted lines (NaN where the continuum is)
    PRIMARY KEY (target_id, fit_id, region_id),
    FOREIGN KEY (fit_id, target_id) REFERENCES ifscat.fit_run (fit_id, target_id) ON DELETE CASCADE,
    CHECK (cardinality(flux) = cardinality(err) AND cardinality(flux) = length(mask)
           AND cardinality(flux) = cardinality(continuum) AND cardinality(flux) = cardinality(model))
);
ALTER TABLE ifscat.region_spectrum ALTER flux SET STORAGE EXTERNAL, ALTER err SET STORAGE EXTERNAL,
    ALTER continuum SET STORAGE EXTERNAL, ALTER model SET STORAGE EXTERNAL;

-- The fits of current observations, with their target.
CREATE VIEW ifscat.current_fit AS
    SELECT f.*, t.name AS target, o.kind AS observation_kind, o.grating, o.filter
    FROM ifscat.fit_run f
    JOIN ifscat.observation o ON o.observation_id = f.observation_id
    JOIN ifscat.target t ON t.target_id = f.target_id
    WHERE o.status = 'current';

-- Regions of current fits, with their target.
CREATE VIEW ifscat.current_region AS
    SELECT t.name AS target, t.kind AS target_kind, t.z AS target_z, f.observation_id, r.*
    FROM ifscat.region r
    JOIN ifscat.fit_run f ON f.fit_id = r.fit_id AND f.target_id = r.target_id
    JOIN ifscat.observation o ON o.observation_id = f.observation_id
    JOIN ifscat.target t ON t.target_id = r.target_id
    WHERE o.status = 'current';

-- One row per region and line of current fits, with the region, its group's kinematics and the
-- target: "spaxels with [OIII] S/N > 5 in galaxies above z = 8" is
--   SELECT target, x, y, snr FROM ifscat.current_line_fit
--   WHERE kind = 'spaxel' AND line = 'OIII5008' AND snr > 5 AND target_z > 8;
CREATE VIEW ifscat.current_line_fit AS
    SELECT t.name AS target, t.kind AS target_kind, t.z AS target_z, f.observation_id, l.fit_id, l.region_id,
           r.kind, r.number, r.x, r.y, r.ra_deg, r.dec_deg, r.r_mean_kpc, r.area_kpc2,
           l.line, l.flux, l.err, l.snr, l.status,
           g.group_name, g.z, g.z_err, g.fwhm_kms, g.status AS group_status
    FROM ifscat.line_fit l
    JOIN ifscat.region r ON r.target_id = l.target_id AND r.fit_id = l.fit_id AND r.region_id = l.region_id
    JOIN ifscat.group_fit g ON g.target_id = l.target_id AND g.fit_id = l.fit_id AND g.region_id = l.region_id
                           AND g.group_id = l.group_id
    JOIN ifscat.fit_run f ON f.fit_id = l.fit_id AND f.target_id = l.target_id
    JOIN ifscat.observation o ON o.observation_id = f.observation_id
    JOIN ifscat.target t ON t.target_id = l.target_id
    WHERE o.status = 'current';
