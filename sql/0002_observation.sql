-- 0002_observation.sql: observations (one ingested FITS file each: an IFU cube, or a 1D spectrum
-- as a 1 x 1 cube) and their spaxel spectra.  Versioned: new content for the same target and
-- setup supersedes the current observation, which is kept.  docs/ingest.md is the reference.
CREATE TYPE ifscat.observation_status AS ENUM ('current', 'superseded');
CREATE TYPE ifscat.observation_kind AS ENUM ('cube', 'spectrum');

CREATE TABLE ifscat.observation (
    observation_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    target_id        bigint NOT NULL REFERENCES ifscat.target ON DELETE CASCADE,
    status           ifscat.observation_status NOT NULL DEFAULT 'current',
    supersedes       bigint REFERENCES ifscat.observation ON DELETE SET NULL,
    superseded_at    timestamptz,
    -- the file, as ingested
    format           text NOT NULL,                         -- jwst-s3d, ifu-cube, jwst-x1d, msaexp-spec1d
    file_name        text NOT NULL CHECK (file_name <> ''), -- base name
    file_path        text NOT NULL,                         -- absolute path at ingest time
    file_size        bigint NOT NULL CHECK (file_size > 0),
    sha256           text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    -- the setup: a new file for the same target and setup supersedes the current one
    kind             ifscat.observation_kind NOT NULL,      -- an IFU cube or a 1D spectrum
    instrument       text NOT NULL DEFAULT '',
    grating          text NOT NULL DEFAULT '',
    filter           text NOT NULL DEFAULT '',
    program          text,
    exptime_s        double precision CHECK (exptime_s >= 0),
    -- the data
    nx               integer NOT NULL CHECK (nx > 0 AND nx <= 32767),
    ny               integer NOT NULL CHECK (ny > 0 AND ny <= 32767),
    nwave            integer NOT NULL CHECK (nwave > 1),
    wave_um          double precision[] NOT NULL CHECK (cardinality(wave_um) = nwave), -- vacuum
    pixscale_arcsec  double precision CHECK (pixscale_arcsec > 0),
    ra_deg           double precision CHECK (ra_deg >= 0 AND ra_deg < 360), -- field centre / source
    dec_deg          double precision CHECK (dec_deg BETWEEN -90 AND 90),
    wcs_header       text,                                  -- celestial WCS as FITS cards (WCSLIB)
    flux_unit        text NOT NULL DEFAULT '1e-20 erg/s/cm2/Angstrom',
    conversion       text NOT NULL,                         -- how the file's unit became flux_unit
    n_spaxels        integer NOT NULL CHECK (n_spaxels = nx * ny),
    n_masked         bigint NOT NULL CHECK (n_masked >= 0), -- masked (spaxel, channel) values
    software_version text NOT NULL,
    ingested_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'superseded') = (superseded_at IS NOT NULL)),
    CHECK ((ra_deg IS NULL) = (dec_deg IS NULL)),
    CHECK (supersedes <> observation_id),
    CHECK (kind = 'cube' OR (nx = 1 AND ny = 1)),
    UNIQUE (observation_id, target_id)  -- lets spaxel rows carry their observation's target
);
-- At most one current observation per target and setup, and per target and content: the
-- constraints behind the ingest's advisory lock (two concurrent ingests can never both commit).
CREATE UNIQUE INDEX observation_current_setup_idx
    ON ifscat.observation (target_id, kind, instrument, grating, filter) WHERE status = 'current';
CREATE UNIQUE INDEX observation_current_content_idx
    ON ifscat.observation (target_id, sha256) WHERE status = 'current';
CREATE INDEX observation_sha256_idx ON ifscat.observation (sha256);
CREATE INDEX observation_supersedes_idx ON ifscat.observation (supersedes);

-- One row per spaxel: its spectrum on the observation's wave_um grid.  Hash-partitioned by
-- target (docs/ingest.md says why): a target's spaxels, all versions, share one partition.
CREATE TABLE ifscat.spaxel (
    target_id      bigint NOT NULL,
    observation_id bigint NOT NULL,
    x              smallint NOT NULL CHECK (x >= 0), -- 0-based: FITS pixel (x+1, y+1)
    y              smallint NOT NULL CHECK (y >= 0),
    ra_deg         double precision,                 -- spaxel centre; NULL without a sky WCS
    dec_deg        double precision,
    flux           real[] NOT NULL,                  -- 1e-20 erg/s/cm2/Angstrom per spaxel
    err            real[] NOT NULL,                  -- 1-sigma, as in the file (not rescaled)
    mask           bit varying NOT NULL,             -- get_bit(mask, k - 1) = 1: channel k unusable
    PRIMARY KEY (target_id, observation_id, y, x),
    FOREIGN KEY (observation_id, target_id) REFERENCES ifscat.observation (observation_id, target_id)
        ON DELETE CASCADE,
    CHECK (cardinality(flux) = cardinality(err) AND cardinality(flux) = length(mask))
) PARTITION BY HASH (target_id);

DO $$
BEGIN
    FOR i IN 0..15 LOOP
        EXECUTE format('CREATE TABLE ifscat.spaxel_p%s PARTITION OF ifscat.spaxel '
                       'FOR VALUES WITH (MODULUS 16, REMAINDER %s)', i, i);
        -- Spectra are incompressible floats: pglz would spend time for nothing.  EXTERNAL keeps
        -- them uncompressed; a row up to 8160 bytes (PRISM: 941 channels, 7.8 kB) stays in its
        -- heap page, without TOAST chunks and their index.
        EXECUTE format('ALTER TABLE ifscat.spaxel_p%s ALTER flux SET STORAGE EXTERNAL, '
                       'ALTER err SET STORAGE EXTERNAL, SET (toast_tuple_target = 8160)', i);
    END LOOP;
END $$;
CREATE INDEX spaxel_q3c_idx ON ifscat.spaxel (q3c_ang2ipix(ra_deg, dec_deg));

-- What analysts and later steps read: the current version of each target's data.
CREATE VIEW ifscat.current_observation AS
    SELECT * FROM ifscat.observation WHERE status = 'current';

CREATE VIEW ifscat.current_spaxel AS
    SELECT s.*
    FROM ifscat.spaxel s
    JOIN ifscat.observation o ON o.observation_id = s.observation_id AND o.target_id = s.target_id
    WHERE o.status = 'current';
