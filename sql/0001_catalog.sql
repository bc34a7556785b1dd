-- 0001_catalog.sql: targets (galaxies, satellites, clumps), their external properties with full
-- history, the quantity vocabulary, and the galaxy_summary view (the study's Table 2).
-- q3c (Debian postgresql-15-q3c) gives indexed cone searches and positional cross-matches.
CREATE EXTENSION IF NOT EXISTS q3c SCHEMA public;

-- Lets analysts write "target" instead of "ifscat.target" (needs ownership of the database).
DO $$
BEGIN
    IF (SELECT datdba = (SELECT oid FROM pg_roles WHERE rolname = current_user)
               OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
        FROM pg_database WHERE datname = current_database()) THEN
        EXECUTE format('ALTER DATABASE %I SET search_path = ifscat, public', current_database());
    END IF;
END $$;

CREATE TYPE ifscat.target_kind AS ENUM ('galaxy', 'satellite', 'clump');

-- The cosmology ifscat used for the distance columns of target (science.md section 1).
CREATE TABLE ifscat.cosmology (
    id          boolean PRIMARY KEY DEFAULT true CHECK (id),
    h0          double precision NOT NULL,  -- km/s/Mpc
    omega_m     double precision NOT NULL,  -- flat: Omega_Lambda = 1 - Omega_m, no radiation
    reference   text NOT NULL
);
INSERT INTO ifscat.cosmology VALUES (true, 67.4, 0.315, 'Planck 2018 values adopted by the study (science.md section 1)');

CREATE TABLE ifscat.target (
    target_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name             text NOT NULL UNIQUE CHECK (name <> ''),
    kind             ifscat.target_kind NOT NULL DEFAULT 'galaxy',
    host_id          bigint REFERENCES ifscat.target ON DELETE RESTRICT,
    ra_deg           double precision CHECK (ra_deg >= 0 AND ra_deg < 360),
    dec_deg          double precision CHECK (dec_deg BETWEEN -90 AND 90),
    z                double precision NOT NULL CHECK (z > 0 AND z <= 30),
    mu               double precision NOT NULL DEFAULT 1 CHECK (mu >= 1),
    mu_err           double precision CHECK (mu_err >= 0),
    reference        text,
    -- Written by ifscat from z and mu with the cosmology above, so that SQL can use them:
    dl_mpc           double precision NOT NULL,  -- luminosity distance
    da_mpc           double precision NOT NULL,  -- angular-diameter distance
    scale_kpc_arcsec double precision NOT NULL,  -- lensing-corrected: (D_A scale) / sqrt(mu)
    age_gyr          double precision NOT NULL,  -- age of the universe at z
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK ((ra_deg IS NULL) = (dec_deg IS NULL)),
    CHECK (kind <> 'satellite' OR host_id IS NOT NULL),
    CHECK (kind <> 'galaxy' OR host_id IS NULL),
    CHECK (host_id <> target_id)
);
CREATE INDEX target_q3c_idx ON ifscat.target (q3c_ang2ipix(ra_deg, dec_deg));
CREATE INDEX target_host_idx ON ifscat.target (host_id);

-- A host must itself be a galaxy (not a satellite or clump); checked whatever writes the rows.
CREATE FUNCTION ifscat.check_target_host() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.host_id IS NOT NULL AND
       (SELECT kind FROM ifscat.target WHERE target_id = NEW.host_id) <> 'galaxy' THEN
        RAISE EXCEPTION 'host of % must be a galaxy', NEW.name;
    END IF;
    IF NEW.kind <> 'galaxy' AND EXISTS (SELECT 1 FROM ifscat.target WHERE host_id = NEW.target_id) THEN
        RAISE EXCEPTION '% hosts satellites, so it must stay a galaxy', NEW.name;
    END IF;
    RETURN NEW;
END $$;
-- Only rows that have a host or are not galaxies can break the rule (a bulk import of galaxies
-- queues no trigger events).
CREATE CONSTRAINT TRIGGER target_host_is_galaxy AFTER INSERT OR UPDATE ON ifscat.target
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (NEW.host_id IS NOT NULL OR NEW.kind <> 'galaxy')
    EXECUTE FUNCTION ifscat.check_target_host();

-- Quantities a property may carry, with their one unit.  Add rows for new quantities.
CREATE TABLE ifscat.quantity (
    name        text PRIMARY KEY,
    unit        text NOT NULL,
    description text NOT NULL
);
INSERT INTO ifscat.quantity VALUES
    ('logm',         'log Msun',    'stellar mass, log10, lensing-corrected, Chabrier IMF (SED fitting)'),
    ('logsfr',       'log Msun/yr', 'star formation rate, log10, lensing-corrected, Chabrier IMF'),
    ('oh',           'dex',         'gas-phase metallicity 12+log(O/H)'),
    ('gradient',     'dex/kpc',     'radial metallicity gradient'),
    ('dfmr',         'dex',         'offset from the local FMR of Curti et al. (2020)'),
    ('av',           'mag',         'V-band dust attenuation A_V'),
    ('host_sep_kpc', 'kpc',         'projected separation of a satellite from its host'),
    ('sfr_halpha',   'Msun/yr',     'star formation rate from H-alpha, linear');

-- External and derived properties.  A changed value supersedes the old row (superseded_at and
-- superseded_by are set); nothing is deleted, so the history stays queryable.
CREATE TABLE ifscat.galaxy_property (
    property_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    target_id     bigint NOT NULL REFERENCES ifscat.target ON DELETE CASCADE,
    quantity      text NOT NULL,                         -- a name in ifscat.quantity (checked below)
    value         double precision NOT NULL,
    err_lo        double precision CHECK (err_lo >= 0),  -- 1-sigma below
    err_hi        double precision CHECK (err_hi >= 0),  -- 1-sigma above
    unit          text NOT NULL,
    source        text NOT NULL CHECK (source <> ''),    -- e.g. 'published', 'ifscat'
    method        text NOT NULL DEFAULT '',              -- e.g. 'SED: Bagpipes', 'Hbeta'
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    superseded_at timestamptz,
    superseded_by bigint                                 -- the row that replaced this one
);

-- Quantities are checked once per statement over all new rows: a row-level foreign key would cost
-- one lookup per row in bulk imports (100,000s of rows).
CREATE FUNCTION ifscat.check_property_quantity() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    unknown text;
BEGIN
    SELECT n.quantity INTO unknown FROM new_rows n
    WHERE NOT EXISTS (SELECT 1 FROM ifscat.quantity q WHERE q.name = n.quantity) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'unknown quantity % (add it to ifscat.quantity first)', unknown;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER galaxy_property_quantity_insert AFTER INSERT ON ifscat.galaxy_property
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ifscat.check_property_quantity();
CREATE TRIGGER galaxy_property_quantity_update AFTER UPDATE ON ifscat.galaxy_property
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ifscat.check_property_quantity();

CREATE FUNCTION ifscat.check_quantity_unused() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM ifscat.galaxy_property WHERE quantity = OLD.name) THEN
        RAISE EXCEPTION 'quantity % is in use by galaxy_property', OLD.name;
    END IF;
    RETURN OLD;
END $$;
CREATE TRIGGER quantity_in_use BEFORE DELETE OR UPDATE OF name ON ifscat.quantity
    FOR EACH ROW EXECUTE FUNCTION ifscat.check_quantity_unused();
CREATE UNIQUE INDEX galaxy_property_current_idx ON ifscat.galaxy_property (target_id, quantity, source)
    WHERE superseded_at IS NULL;

CREATE VIEW ifscat.current_property AS
    SELECT * FROM ifscat.galaxy_property WHERE superseded_at IS NULL;

-- One value per target and quantity: values ifscat derived itself (source 'ifscat') win, then the
-- most recently recorded.
CREATE VIEW ifscat.best_property AS
    SELECT DISTINCT ON (target_id, quantity) *
    FROM ifscat.current_property
    ORDER BY target_id, quantity, (source = 'ifscat') DESC, recorded_at DESC, property_id DESC;

CREATE VIEW ifscat.galaxy_summary AS
    SELECT t.name, t.kind, h.name AS host, t.z, t.mu, t.scale_kpc_arcsec,
           m.value AS logm, m.err_lo AS logm_lo, m.err_hi AS logm_hi,
           s.value AS logsfr, s.err_lo AS logsfr_lo, s.err_hi AS logsfr_hi,
           o.value AS oh, o.err_lo AS oh_lo, o.err_hi AS oh_hi, o.source AS oh_source,
           g.value AS gradient, g.err_lo AS gradient_lo, g.err_hi AS gradient_hi,
           f.value AS dfmr, greatest(f.err_lo, f.err_hi) AS dfmr_err
    FROM ifscat.target t
    LEFT JOIN ifscat.target h ON h.target_id = t.host_id
    LEFT JOIN ifscat.best_property m ON m.target_id = t.target_id AND m.quantity = 'logm'
    LEFT JOIN ifscat.best_property s ON s.target_id = t.target_id AND s.quantity = 'logsfr'
    LEFT JOIN ifscat.best_property o ON o.target_id = t.target_id AND o.quantity = 'oh'
    LEFT JOIN ifscat.best_property g ON g.target_id = t.target_id AND g.quantity = 'gradient'
    LEFT JOIN ifscat.best_property f ON f.target_id = t.target_id AND f.quantity = 'dfmr'
    WHERE t.kind IN ('galaxy', 'satellite');
