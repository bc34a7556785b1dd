-- 0004_derived.sql: quantities derived from a line fit (ifscat derive, ifscat process): per region
-- the metallicity posterior, line ratios, SFR and surface densities; per galaxy the integrated
-- metallicity, A_V, SFR and sSFR, the radial gradient, the resolved-FMR test and the separations of
-- its satellites; the inputs of each derive.  Everything hangs on fit_run with ON DELETE CASCADE:
-- a re-fit removes what it invalidates.  Galaxy-level values also go to galaxy_property (source
-- 'ifscat'), and galaxy_summary shows them next to the published ones.  docs/derived.md is the
-- reference.

-- One derive per fit: its inputs.  Two derives with the same settings_sha256 are the same derive.
CREATE TABLE ifscat.derive_run (
    derive_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    fit_id             bigint NOT NULL UNIQUE,   -- the fit derived from (its current derive)
    target_id          bigint NOT NULL,
    observation_id     bigint NOT NULL,
    settings           jsonb NOT NULL,           -- everything the result depends on (docs/derived.md)
    settings_sha256    text NOT NULL CHECK (settings_sha256 ~ '^[0-9a-f]{64}$'),
    calibration_name   text NOT NULL,
    calibration_path   text NOT NULL,            -- the file read (a shipped one or the user's)
    calibration_sha256 text NOT NULL CHECK (calibration_sha256 ~ '^[0-9a-f]{64}$'),
    seed               numeric(20, 0) NOT NULL,  -- of every random draw (region r: stream r)
    mass_property_id   bigint REFERENCES ifscat.galaxy_property ON DELETE SET NULL, -- SED mass used; NULL: none
    log_mstar          double precision,         -- its value (log Msun), for Sigma_* and sSFR
    threads            integer NOT NULL CHECK (threads > 0), -- not a setting: results do not depend on it
    seconds            double precision NOT NULL,
    software_version   text NOT NULL,
    derived_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (derive_id, target_id),
    FOREIGN KEY (fit_id, target_id) REFERENCES ifscat.fit_run (fit_id, target_id) ON DELETE CASCADE
);
CREATE INDEX derive_run_target_idx ON ifscat.derive_run (target_id);
CREATE INDEX derive_run_mass_idx ON ifscat.derive_run (mass_property_id);

-- Per region of the fit (spaxel, smoothed, aperture, annulus, spectrum); joins region and line_fit
-- on (target_id, fit_id, region_id).  NULL: not measured or masked (docs/derived.md, "Masks").
-- Hash-partitioned by target like region.
CREATE TABLE ifscat.derived_region (
    target_id      bigint NOT NULL,
    fit_id         bigint NOT NULL,
    region_id      integer NOT NULL,
    derive_id      bigint NOT NULL,
    oh             double precision,  -- 12+log(O/H): posterior median
    oh_p16         double precision,  -- 16th and 84th percentiles
    oh_p84         double precision,
    oh_flags       smallint,          -- bits: 1 R3 only, 2 near the R3 turnover, 4 at the edge of the valid range
    oh_diagnostics text,              -- diagnostics used, e.g. 'R3+Ne3O2'
    r3             double precision,  -- log10([OIII]5008 / H-beta), where both have S/N > 3
    r3_err         double precision,
    ne3o2          double precision,  -- log10([NeIII]3869 / [OII]3728), where both have S/N > 2
    ne3o2_err      double precision,
    log_sfr        double precision,  -- log Msun/yr, dust- (the galaxy's A_V) and lensing-corrected
    log_sfr_err    double precision,
    log_sigma_sfr  double precision,  -- log Msun/yr/kpc^2 (source plane)
    log_sigma_star double precision,  -- log Msun/kpc^2: the SED mass spread like the continuum
    PRIMARY KEY (target_id, fit_id, region_id),
    FOREIGN KEY (derive_id, target_id) REFERENCES ifscat.derive_run (derive_id, target_id) ON DELETE CASCADE
) PARTITION BY HASH (target_id);

DO $$
BEGIN
    FOR i IN 0..15 LOOP
        EXECUTE format('CREATE TABLE ifscat.derived_region_p%s PARTITION OF ifscat.derived_region '
                       'FOR VALUES WITH (MODULUS 16, REMAINDER %s)', i, i);
    END LOOP;
END $$;

-- Per derive: the galaxy's values.  NULL: not determined (docs/derived.md says when).
CREATE TABLE ifscat.derived_galaxy (
    derive_id              bigint PRIMARY KEY,
    target_id              bigint NOT NULL,
    fit_id                 bigint NOT NULL,
    region_id              integer,           -- the integrated spectrum: the aperture, or the 1D spectrum
    oh                     double precision,  -- its 12+log(O/H): median, 16th, 84th percentiles
    oh_p16                 double precision,
    oh_p84                 double precision,
    oh_flags               smallint,
    oh_diagnostics         text,
    hbeta_snr              double precision,
    hdelta_snr             double precision,
    hdelta_hbeta           double precision,  -- observed ratio and its error
    hdelta_hbeta_err       double precision,
    av_status              text NOT NULL CHECK (av_status IN ('measured', 'zero', 'low S/N', 'undefined')),
    av                     double precision,  -- mag, applied to every SFR of the galaxy (0 unless measured)
    av_err                 double precision,
    log_sfr                double precision,  -- log Msun/yr
    log_sfr_err            double precision,
    log_ssfr               double precision,  -- log 1/yr: log_sfr - derive_run.log_mstar
    gradient_slope         double precision,  -- dex/kpc: median, 16th, 84th percentiles
    gradient_slope_p16     double precision,
    gradient_slope_p84     double precision,
    gradient_intercept     double precision,  -- 12+log(O/H) at r = 0
    gradient_intercept_p16 double precision,
    gradient_intercept_p84 double precision,
    gradient_n             integer,           -- annuli with a metallicity, fitted
    gradient_n_edge        integer,           -- of which at the edge of the valid range (flag 4)
    gradient_samples       integer,           -- MCMC samples behind the percentiles
    rfmr_rho               double precision,  -- Spearman rho of spaxel 12+log(O/H) vs log Sigma_SFR
    rfmr_p                 double precision,  -- its two-sided p-value (scipy.stats.spearmanr)
    rfmr_n                 integer,           -- spaxels in the test
    FOREIGN KEY (derive_id, target_id) REFERENCES ifscat.derive_run (derive_id, target_id) ON DELETE CASCADE
);

-- Per derive of a host (or of a satellite itself) and satellite with a position: the projected
-- separation, q3c_dist x the host's lensing-corrected scale.
CREATE TABLE ifscat.derived_satellite (
    derive_id    bigint NOT NULL REFERENCES ifscat.derive_run ON DELETE CASCADE,
    satellite_id bigint NOT NULL REFERENCES ifscat.target ON DELETE CASCADE,
    host_id      bigint NOT NULL REFERENCES ifscat.target ON DELETE CASCADE,
    sep_arcsec   double precision NOT NULL,
    sep_kpc      double precision NOT NULL,
    PRIMARY KEY (derive_id, satellite_id)
);
CREATE INDEX derived_satellite_satellite_idx ON ifscat.derived_satellite (satellite_id);

-- The derives of current fits (fits of current observations), with their inputs.
CREATE VIEW ifscat.current_derived_galaxy AS
    SELECT t.name AS target, t.kind AS target_kind, f.observation_id, d.*,
           r.calibration_name, r.calibration_sha256, r.seed, r.log_mstar, r.mass_property_id, r.derived_at
    FROM ifscat.derived_galaxy d
    JOIN ifscat.derive_run r USING (derive_id)
    JOIN ifscat.fit_run f ON f.fit_id = d.fit_id
    JOIN ifscat.observation o ON o.observation_id = f.observation_id
    JOIN ifscat.target t ON t.target_id = d.target_id
    WHERE o.status = 'current';

-- One row per region of current derives with its geometry: maps are
--   SELECT x, y, oh FROM ifscat.current_derived_region WHERE target = $1 AND kind = 'smoothed';
CREATE VIEW ifscat.current_derived_region AS
    SELECT t.name AS target, f.observation_id, g.kind, g.number, g.x, g.y, g.ra_deg, g.dec_deg,
           g.r_in_kpc, g.r_out_kpc, g.r_mean_kpc, g.area_kpc2, d.*, r.calibration_name
    FROM ifscat.derived_region d
    JOIN ifscat.region g ON g.target_id = d.target_id AND g.fit_id = d.fit_id AND g.region_id = d.region_id
    JOIN ifscat.derive_run r ON r.derive_id = d.derive_id
    JOIN ifscat.fit_run f ON f.fit_id = d.fit_id AND f.target_id = d.target_id
    JOIN ifscat.observation o ON o.observation_id = f.observation_id
    JOIN ifscat.target t ON t.target_id = d.target_id
    WHERE o.status = 'current';

-- One value per target and quantity among those ifscat did not derive (source <> 'ifscat'): the
-- published or ingested value, the most recently recorded.
CREATE VIEW ifscat.imported_property AS
    SELECT DISTINCT ON (target_id, quantity) *
    FROM ifscat.current_property
    WHERE source <> 'ifscat'
    ORDER BY target_id, quantity, recorded_at DESC, property_id DESC;

-- The study's Table 2 with the derived values: each quantity's best value (ifscat's own first,
-- view best_property) with its source, and the imported (published) value beside it.  The first
-- 21 columns are those of 0001's view, in the same order.
DROP VIEW ifscat.galaxy_summary;
CREATE VIEW ifscat.galaxy_summary AS
    SELECT t.name, t.kind, h.name AS host, t.z, t.mu, t.scale_kpc_arcsec,
           m.value AS logm, m.err_lo AS logm_lo, m.err_hi AS logm_hi,
           s.value AS logsfr, s.err_lo AS logsfr_lo, s.err_hi AS logsfr_hi,
           o.value AS oh, o.err_lo AS oh_lo, o.err_hi AS oh_hi, o.source AS oh_source,
           g.value AS gradient, g.err_lo AS gradient_lo, g.err_hi AS gradient_hi,
           f.value AS dfmr, greatest(f.err_lo, f.err_hi) AS dfmr_err,
           s.source AS logsfr_source, g.source AS gradient_source,
           a.value AS av, a.err_lo AS av_lo, a.err_hi AS av_hi, a.source AS av_source,
           sep.value AS host_sep_kpc, sep.source AS host_sep_kpc_source,
           si.value AS logsfr_published, si.err_lo AS logsfr_published_lo, si.err_hi AS logsfr_published_hi,
           oi.value AS oh_published, oi.err_lo AS oh_published_lo, oi.err_hi AS oh_published_hi,
           gi.value AS gradient_published, gi.err_lo AS gradient_published_lo, gi.err_hi AS gradient_published_hi,
           ai.value AS av_published, sepi.value AS host_sep_kpc_published
    FROM ifscat.target t
    LEFT JOIN ifscat.target h ON h.target_id = t.host_id
    LEFT JOIN ifscat.best_property m ON m.target_id = t.target_id AND m.quantity = 'logm'
    LEFT JOIN ifscat.best_property s ON s.target_id = t.target_id AND s.quantity = 'logsfr'
    LEFT JOIN ifscat.best_property o ON o.target_id = t.target_id AND o.quantity = 'oh'
    LEFT JOIN ifscat.best_property g ON g.target_id = t.target_id AND g.quantity = 'gradient'
    LEFT JOIN ifscat.best_property f ON f.target_id = t.target_id AND f.quantity = 'dfmr'
    LEFT JOIN ifscat.best_property a ON a.target_id = t.target_id AND a.quantity = 'av'
    LEFT JOIN ifscat.best_property sep ON sep.target_id = t.target_id AND sep.quantity = 'host_sep_kpc'
    LEFT JOIN ifscat.imported_property si ON si.target_id = t.target_id AND si.quantity = 'logsfr'
    LEFT JOIN ifscat.imported_property oi ON oi.target_id = t.target_id AND oi.quantity = 'oh'
    LEFT JOIN ifscat.imported_property gi ON gi.target_id = t.target_id AND gi.quantity = 'gradient'
    LEFT JOIN ifscat.imported_property ai ON ai.target_id = t.target_id AND ai.quantity = 'av'
    LEFT JOIN ifscat.imported_property sepi ON sepi.target_id = t.target_id AND sepi.quantity = 'host_sep_kpc'
    WHERE t.kind IN ('galaxy', 'satellite');
