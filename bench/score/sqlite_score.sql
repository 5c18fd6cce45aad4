-- bench/score: the golden metric set (shared/spec/golden-rules.md) in SQLite SQL (3.40 CLI).
-- Run by sqlite_score.sh, which has already imported the files with `.import --csv` into
-- contacts_raw and surveys_raw (TEXT columns named by the header, rowid = record number)
-- and added any missing optional column (rule 10). Prints the metric CSV on stdout.
--
-- SQLite has no time zones, so New York's offsets come from a generated table of the US DST
-- rules (ny_dst below); every instant is an INTEGER of microseconds since the epoch, so all
-- comparisons are exact. Uses the CLI's built-in REGEXP and ieee754 functions.

-- ---------------------------------------------------------------------------------------
-- America/New_York: EST (-05:00) outside DST, EDT (-04:00) inside. DST starts at 02:00 EST
-- (07:00 UTC) and ends at 02:00 EDT (06:00 UTC) on these Sundays (tzdata's US rules):
--   2007-     second Sunday of March .. first Sunday of November
--   1987-2006 first Sunday of April  .. last Sunday of October
--   1970-1986 last Sunday of April   .. last Sunday of October (1974-75's all-year DST omitted)
-- ---------------------------------------------------------------------------------------
CREATE TABLE ny_dst AS
WITH RECURSIVE years(y) AS (SELECT 1970 UNION ALL SELECT y + 1 FROM years WHERE y < 2099),
sundays AS (
  SELECT y,
         CASE WHEN y >= 2007 THEN date(printf('%04d-03-08', y), 'weekday 0')
              WHEN y >= 1987 THEN date(printf('%04d-04-01', y), 'weekday 0')
              ELSE date(printf('%04d-04-24', y), 'weekday 0') END AS start_day,
         CASE WHEN y >= 2007 THEN date(printf('%04d-11-01', y), 'weekday 0')
              ELSE date(printf('%04d-10-25', y), 'weekday 0') END AS end_day
  FROM years
)
SELECT y, start_day, end_day FROM sundays;

-- ---------------------------------------------------------------------------------------
-- Contacts: parse, quarantine (rule 8 order), dedup (rule 9: last valid row wins)
-- Rule 1 timestamp pattern: hour <= 23, minute/second <= 59, offset <= 14:59 in the pattern;
-- a real calendar day when date(d, '+0 days') (which normalises 02-30 to 03-02) gives d
-- back. The fraction is truncated to 6 digits.
-- ---------------------------------------------------------------------------------------
-- (MATERIALIZED: each expression is evaluated once; SQLite would otherwise substitute the
-- CTE's expressions at every reference.)
CREATE TABLE contacts_parsed AS
WITH r AS MATERIALIZED (
  SELECT rowid AS rn,
         nullif(contact_id, '') AS contact_id, nullif(partner, '') AS partner,
         nullif(channel, '') AS channel, nullif(customer_id, '') AS customer_id,
         nullif(reason, '') AS reason,
         nullif(arrived_at, '') AS arrived_at, nullif(customer_sent_at, '') AS customer_sent_at,
         nullif(answered_at, '') AS answered_at, nullif(ended_at, '') AS ended_at,
         nullif(handle_seconds, '') AS handle_seconds,
         nullif(abandoned, '') AS abandoned, nullif(transferred, '') AS transferred,
         nullif(demographics_collected, '') AS demographics_collected,
         nullif(consent_recorded, '') AS consent_recorded
  FROM contacts_raw
), t AS MATERIALIZED (
  -- the same timestamp expression for each of the four columns (SQLite has no macros)
  SELECT r.*,
    CASE WHEN arrived_at REGEXP '^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[-+](0[0-9]|1[0-4]):[0-5][0-9])$'
              AND date(substr(arrived_at, 1, 10), '+0 days') = substr(arrived_at, 1, 10)
        THEN unixepoch(substr(arrived_at, 1, 10)) * 1000000
           + CAST(substr(arrived_at, 12, 2) AS INTEGER) * 3600000000
           + CAST(substr(arrived_at, 15, 2) AS INTEGER) * 60000000
           + CAST(substr(arrived_at, 18, 2) AS INTEGER) * 1000000
           + CASE WHEN substr(arrived_at, 20, 1) = '.'
                  THEN CAST(substr(substr(arrived_at, 21, min(6, length(arrived_at) - 20 - CASE WHEN substr(arrived_at, -1) = 'Z' THEN 1 ELSE 6 END)) || '000000', 1, 6) AS INTEGER)
                  ELSE 0 END
           - CASE WHEN substr(arrived_at, -1) = 'Z' THEN 0
                  ELSE (CASE WHEN substr(arrived_at, -6, 1) = '-' THEN -1 ELSE 1 END)
                     * (CAST(substr(arrived_at, -5, 2) AS INTEGER) * 3600 + CAST(substr(arrived_at, -2, 2) AS INTEGER) * 60) * 1000000
             END
        END AS arr,
    CASE WHEN customer_sent_at REGEXP '^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[-+](0[0-9]|1[0-4]):[0-5][0-9])$'
              AND date(substr(customer_sent_at, 1, 10), '+0 days') = substr(customer_sent_at, 1, 10)
        THEN unixepoch(substr(customer_sent_at, 1, 10)) * 1000000
           + CAST(substr(customer_sent_at, 12, 2) AS INTEGER) * 3600000000
           + CAST(substr(customer_sent_at, 15, 2) AS INTEGER) * 60000000
           + CAST(substr(customer_sent_at, 18, 2) AS INTEGER) * 1000000
           + CASE WHEN substr(customer_sent_at, 20, 1) = '.'
                  THEN CAST(substr(substr(customer_sent_at, 21, min(6, length(customer_sent_at) - 20 - CASE WHEN substr(customer_sent_at, -1) = 'Z' THEN 1 ELSE 6 END)) || '000000', 1, 6) AS INTEGER)
                  ELSE 0 END
           - CASE WHEN substr(customer_sent_at, -1) = 'Z' THEN 0
                  ELSE (CASE WHEN substr(customer_sent_at, -6, 1) = '-' THEN -1 ELSE 1 END)
                     * (CAST(substr(customer_sent_at, -5, 2) AS INTEGER) * 3600 + CAST(substr(customer_sent_at, -2, 2) AS INTEGER) * 60) * 1000000
             END
        END AS sent,
    CASE WHEN answered_at REGEXP '^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[-+](0[0-9]|1[0-4]):[0-5][0-9])$'
              AND date(substr(answered_at, 1, 10), '+0 days') = substr(answered_at, 1, 10)
        THEN unixepoch(substr(answered_at, 1, 10)) * 1000000
           + CAST(substr(answered_at, 12, 2) AS INTEGER) * 3600000000
           + CAST(substr(answered_at, 15, 2) AS INTEGER) * 60000000
           + CAST(substr(answered_at, 18, 2) AS INTEGER) * 1000000
           + CASE WHEN substr(answered_at, 20, 1) = '.'
                  THEN CAST(substr(substr(answered_at, 21, min(6, length(answered_at) - 20 - CASE WHEN substr(answered_at, -1) = 'Z' THEN 1 ELSE 6 END)) || '000000', 1, 6) AS INTEGER)
                  ELSE 0 END
           - CASE WHEN substr(answered_at, -1) = 'Z' THEN 0
                  ELSE (CASE WHEN substr(answered_at, -6, 1) = '-' THEN -1 ELSE 1 END)
                     * (CAST(substr(answered_at, -5, 2) AS INTEGER) * 3600 + CAST(substr(answered_at, -2, 2) AS INTEGER) * 60) * 1000000
             END
        END AS ans,
    CASE WHEN ended_at REGEXP '^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[-+](0[0-9]|1[0-4]):[0-5][0-9])$'
              AND date(substr(ended_at, 1, 10), '+0 days') = substr(ended_at, 1, 10)
        THEN unixepoch(substr(ended_at, 1, 10)) * 1000000
           + CAST(substr(ended_at, 12, 2) AS INTEGER) * 3600000000
           + CAST(substr(ended_at, 15, 2) AS INTEGER) * 60000000
           + CAST(substr(ended_at, 18, 2) AS INTEGER) * 1000000
           + CASE WHEN substr(ended_at, 20, 1) = '.'
                  THEN CAST(substr(substr(ended_at, 21, min(6, length(ended_at) - 20 - CASE WHEN substr(ended_at, -1) = 'Z' THEN 1 ELSE 6 END)) || '000000', 1, 6) AS INTEGER)
                  ELSE 0 END
           - CASE WHEN substr(ended_at, -1) = 'Z' THEN 0
                  ELSE (CASE WHEN substr(ended_at, -6, 1) = '-' THEN -1 ELSE 1 END)
                     * (CAST(substr(ended_at, -5, 2) AS INTEGER) * 3600 + CAST(substr(ended_at, -2, 2) AS INTEGER) * 60) * 1000000
             END
        END AS ended
  FROM r
)
SELECT rn, contact_id, partner, lower(channel) AS channel, customer_id, reason, arr, sent, ans, ended,
       CASE WHEN handle_seconds REGEXP '^[0-9]{1,9}(\.[0-9]+)?$'
            THEN CAST(CASE WHEN instr(handle_seconds, '.') > 0
                           THEN substr(handle_seconds, 1, instr(handle_seconds, '.') - 1)
                           ELSE handle_seconds END AS INTEGER) * 1000000
               + CASE WHEN instr(handle_seconds, '.') > 0
                      THEN CAST(substr(substr(handle_seconds, instr(handle_seconds, '.') + 1, 6) || '000000', 1, 6) AS INTEGER)
                      ELSE 0 END
       END AS handle_us,
       coalesce(lower(abandoned) IN ('true', '1', 'yes'), 0) AS abandoned,
       coalesce(lower(transferred) IN ('true', '1', 'yes'), 0) AS transferred,
       CASE
         -- customer_id is required for contacts in the golden references (decision 0003)
         WHEN contact_id IS NULL OR partner IS NULL OR channel IS NULL OR arrived_at IS NULL
           OR customer_id IS NULL THEN 'missing_required'
         WHEN arr IS NULL OR (customer_sent_at IS NOT NULL AND sent IS NULL)
           OR (answered_at IS NOT NULL AND ans IS NULL) OR (ended_at IS NOT NULL AND ended IS NULL)
           THEN 'bad_timestamp'
         WHEN lower(channel) NOT IN ('voice', 'email', 'chat', 'messaging', 'social') THEN 'unknown_channel'
         WHEN (handle_seconds IS NOT NULL AND NOT handle_seconds REGEXP '^[0-9]{1,9}(\.[0-9]+)?$')
           OR lower(abandoned) NOT IN ('true', '1', 'yes', 'false', '0', 'no')
           OR lower(transferred) NOT IN ('true', '1', 'yes', 'false', '0', 'no')
           OR lower(demographics_collected) NOT IN ('true', '1', 'yes', 'false', '0', 'no')
           OR lower(consent_recorded) NOT IN ('true', '1', 'yes', 'false', '0', 'no') THEN 'bad_value'
         WHEN ans < arr THEN 'answered_before_arrived'
         WHEN ended < arr THEN 'ended_before_arrived'
       END AS q_reason
FROM t;

CREATE TABLE contacts AS
SELECT * FROM (
  SELECT *, row_number() OVER (PARTITION BY partner, contact_id ORDER BY rn DESC) AS version
  FROM contacts_parsed WHERE q_reason IS NULL
) WHERE version = 1;

-- Rule 13: one horizon, the latest valid arrived_at.
CREATE TABLE horizon AS SELECT max(arr) AS h FROM contacts;

-- ---------------------------------------------------------------------------------------
-- New York calendar: one row per local date over the span of the data, keyed by the UTC
-- instant of its local midnight: its month, its opening interval (Mon-Fri 09:00-17:00 but
-- the holidays) and cum_before = open microseconds on earlier dates (rule 21).
-- Local midnight is still EST on the DST start day and still EDT on the end day; 09:00 and
-- 17:00 are EDT on the start day and EST on the end day.
-- ---------------------------------------------------------------------------------------
CREATE TABLE cal (from_us INTEGER PRIMARY KEY, day TEXT, period TEXT, open_us INTEGER, len_us INTEGER, cum_before INTEGER);
INSERT INTO cal
WITH RECURSIVE span AS (
  SELECT date(min(min(arr, coalesce(sent, arr), coalesce(ans, arr), coalesce(ended, arr))) / 1000000, 'unixepoch', '-2 days') AS lo,
         date(max(max(arr, coalesce(sent, arr), coalesce(ans, arr), coalesce(ended, arr))) / 1000000, 'unixepoch', '+2 days') AS hi
  FROM contacts
), days(day) AS (
  SELECT lo FROM span UNION ALL SELECT date(day, '+1 day') FROM days, span WHERE day < hi
), d AS (
  SELECT day, unixepoch(day) * 1000000 AS utc_midnight_us,
         day > start_day AND day <= end_day AS midnight_dst,
         day >= start_day AND day < end_day AS daytime_dst,
         strftime('%w', day) BETWEEN '1' AND '5'
           AND day NOT IN ('2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25') AS is_open
  FROM days JOIN ny_dst ON ny_dst.y = CAST(substr(day, 1, 4) AS INTEGER)
), o AS (
  SELECT day,
         utc_midnight_us + (CASE WHEN midnight_dst THEN 4 ELSE 5 END) * 3600000000 AS from_us,
         substr(day, 1, 7) AS period,
         utc_midnight_us + (9 + CASE WHEN daytime_dst THEN 4 ELSE 5 END) * 3600000000 AS open_us,
         CASE WHEN is_open THEN 8 * 3600000000 ELSE 0 END AS len_us
  FROM d
)
SELECT from_us, day, period, open_us, len_us,
       coalesce(sum(len_us) OVER (ORDER BY from_us ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
FROM o;

CREATE TABLE c AS
SELECT partner, contact_id, channel, customer_id, reason, arr, ans, ended, handle_us, abandoned, transferred,
       (SELECT period FROM cal WHERE cal.from_us <= arr ORDER BY cal.from_us DESC LIMIT 1) AS period,
       coalesce(sent, arr) AS clock,                                               -- clock = sent
       abandoned AND ended IS NOT NULL AND ended - arr < 5000000 AS short,         -- rule 15
       NOT abandoned AS handled
FROM contacts;

-- cum(t) for every instant the response and issue metrics need, computed once each.
CREATE TABLE cum (t INTEGER PRIMARY KEY, cum INTEGER);

-- ---------------------------------------------------------------------------------------
-- Per-cell metrics
-- ---------------------------------------------------------------------------------------

-- Traffic and service level (rules 15-19).
CREATE TABLE m_traffic AS
SELECT partner, period,
       count(*) AS offered,
       sum(handled) AS handled,
       sum(abandoned) AS abandoned,
       sum(short) AS short_abandon,
       coalesce(sum(CASE WHEN channel IN ('voice', 'chat') AND ans IS NOT NULL THEN ans - arr END), 0) AS asa_sum,
       sum(channel IN ('voice', 'chat') AND ans IS NOT NULL) AS asa_n,
       coalesce(sum(CASE WHEN handled AND handle_us IS NOT NULL THEN handle_us END), 0) AS aht_sum,
       sum(handled AND handle_us IS NOT NULL) AS aht_n,
       sum(handled AND transferred) AS transferred,
       sum(channel IN ('voice', 'chat') AND NOT short AND coalesce(ans - arr <= 20000000, 0)) AS sl_hit,
       sum(channel IN ('voice', 'chat') AND NOT short) AS sl_den
FROM c GROUP BY partner, period;

-- Issues (rules 27-30): chains of a customer's non-short contacts in (arrived_at, partner,
-- contact_id) order, a gap <= W continuing the chain.
CREATE TABLE issues AS
WITH ordered AS (
  SELECT *, row_number() OVER w AS seq,
         CASE WHEN arr - lag(arr) OVER w <= 604800000000 THEN 0 ELSE 1 END AS starts_issue
  FROM c WHERE NOT short
  WINDOW w AS (PARTITION BY customer_id ORDER BY arr, partner, contact_id)
), numbered AS (
  SELECT *, sum(starts_issue) OVER (PARTITION BY customer_id ORDER BY seq ROWS UNBOUNDED PRECEDING) AS issue_no
  FROM ordered
), framed AS (
  SELECT seq,
         first_value(partner) OVER i AS partner,
         first_value(period) OVER i AS period,
         first_value(clock) OVER i AS start_us,
         coalesce(ended, ans, arr) AS end_us,
         arr AS last_arr,
         count(*) OVER i AS contacts,
         max(seq) OVER i AS last_seq
  FROM numbered
  WINDOW i AS (PARTITION BY customer_id, issue_no ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
)
SELECT partner, period, start_us, end_us, last_arr, contacts,
       last_arr + 604800000000 <= (SELECT h FROM horizon) AS closed
FROM framed WHERE seq = last_seq;

-- Business time: cum(t) = cum_before(local date of t) + clamp(t - open, 0, len).
INSERT INTO cum
SELECT t, (SELECT cum_before + min(max(t - open_us, 0), len_us)
           FROM cal WHERE cal.from_us <= t ORDER BY cal.from_us DESC LIMIT 1)
FROM (SELECT clock AS t FROM c WHERE channel IN ('email', 'messaging') AND NOT short
      UNION SELECT ans FROM c WHERE channel IN ('email', 'messaging') AND NOT short AND ans IS NOT NULL
      UNION SELECT h FROM horizon
      UNION SELECT start_us FROM issues WHERE closed
      UNION SELECT end_us FROM issues WHERE closed);

-- Response within 48 business hours (rules 20-22).
CREATE TABLE m_response AS
WITH pop AS (
  SELECT partner, period,
         CASE WHEN ans IS NOT NULL
              THEN CASE WHEN (SELECT cum FROM cum WHERE t = ans) - (SELECT cum FROM cum WHERE t = clock) <= 172800000000
                        THEN 'hit' ELSE 'miss' END
              WHEN (SELECT cum FROM cum, horizon WHERE t = h) - (SELECT cum FROM cum WHERE t = clock) < 172800000000
              THEN 'pending'
              ELSE 'miss' END AS outcome
  FROM c WHERE channel IN ('email', 'messaging') AND NOT short
)
SELECT partner, period,
       sum(outcome = 'hit') AS hits,
       sum(outcome <> 'pending') AS decided,
       sum(outcome = 'pending') AS pending
FROM pop GROUP BY partner, period;

-- FCR (rules 23-26): repeats are non-short contacts of the customer arriving in (t, t + W],
-- any partner and channel; counted with a RANGE frame on the integer microseconds.
CREATE TABLE m_fcr AS
WITH cand AS (
  SELECT partner, period, handled, reason, arr,
         count(*) OVER (PARTITION BY customer_id ORDER BY arr
                        RANGE BETWEEN 1 FOLLOWING AND 604800000000 FOLLOWING) AS repeats,
         count(*) OVER (PARTITION BY customer_id, reason ORDER BY arr
                        RANGE BETWEEN 1 FOLLOWING AND 604800000000 FOLLOWING) AS repeats_same_reason
  FROM c WHERE NOT short
), hc AS (
  SELECT cand.*, arr + 604800000000 > (SELECT h FROM horizon) AS pending FROM cand WHERE handled
)
SELECT partner, period,
       sum(NOT pending AND repeats = 0) AS resolved,
       sum(NOT pending AND repeats > 0) AS repeated,
       sum(pending) AS pending,
       sum(reason IS NOT NULL AND NOT pending AND repeats_same_reason = 0) AS resolved_sr,
       sum(reason IS NOT NULL AND NOT pending AND repeats_same_reason > 0) AS repeated_sr,
       sum(reason IS NOT NULL AND pending) AS pending_sr
FROM hc GROUP BY partner, period;

-- Percentiles (rule 29): position p = (n - 1) q, x[floor p] + (x[ceil p] - x[floor p]) (p - floor p).
CREATE TABLE m_issues AS
WITH d AS (
  SELECT partner, period, closed, contacts,
         CASE WHEN closed THEN CAST(end_us - start_us AS REAL) / 3.6e9 END AS hours,
         CASE WHEN closed THEN CAST((SELECT cum FROM cum WHERE t = end_us) - (SELECT cum FROM cum WHERE t = start_us) AS REAL) / 3.6e9 END AS bh
  FROM issues
), ranked AS (
  SELECT *,
         row_number() OVER (PARTITION BY partner, period, closed ORDER BY hours) - 1 AS rank_h,
         row_number() OVER (PARTITION BY partner, period, closed ORDER BY bh) - 1 AS rank_b,
         (sum(closed) OVER (PARTITION BY partner, period) - 1) * 0.5 AS pos50,
         (sum(closed) OVER (PARTITION BY partner, period) - 1) * 0.9 AS pos90
  FROM d
), picked AS (
  SELECT partner, period,
         sum(closed) AS closed, sum(NOT closed) AS open, sum(CASE WHEN closed THEN contacts ELSE 0 END) AS closed_contacts,
         max(pos50) AS pos50, max(pos90) AS pos90,
         max(CASE WHEN closed AND rank_h = floor(pos50) THEN hours END) AS h50_lo,
         max(CASE WHEN closed AND rank_h = ceil(pos50) THEN hours END) AS h50_hi,
         max(CASE WHEN closed AND rank_h = floor(pos90) THEN hours END) AS h90_lo,
         max(CASE WHEN closed AND rank_h = ceil(pos90) THEN hours END) AS h90_hi,
         max(CASE WHEN closed AND rank_b = floor(pos50) THEN bh END) AS b50_lo,
         max(CASE WHEN closed AND rank_b = ceil(pos50) THEN bh END) AS b50_hi,
         max(CASE WHEN closed AND rank_b = floor(pos90) THEN bh END) AS b90_lo,
         max(CASE WHEN closed AND rank_b = ceil(pos90) THEN bh END) AS b90_hi
  FROM ranked GROUP BY partner, period
)
SELECT partner, period, closed, open, closed_contacts,
       h50_lo + (h50_hi - h50_lo) * (pos50 - floor(pos50)) AS median_hours,
       h90_lo + (h90_hi - h90_lo) * (pos90 - floor(pos90)) AS p90_hours,
       b50_lo + (b50_hi - b50_lo) * (pos50 - floor(pos50)) AS median_bh,
       b90_lo + (b90_hi - b90_lo) * (pos90 - floor(pos90)) AS p90_bh
FROM picked;

-- ---------------------------------------------------------------------------------------
-- Surveys (rules 5, 6, 31-35)
-- ---------------------------------------------------------------------------------------
CREATE TABLE surveys_parsed AS
WITH r AS (
  SELECT rowid AS rn,
         nullif(survey_id, '') AS survey_id, nullif(contact_id, '') AS contact_id,
         nullif(partner, '') AS partner, nullif(customer_id, '') AS customer_id,
         nullif(responded_at, '') AS responded_at,
         nullif(nps, '') AS nps, nullif(csat, '') AS csat, nullif(ces, '') AS ces
  FROM surveys_raw
), v AS (
  SELECT *,
         CASE WHEN nps REGEXP '^[0-9]{1,3}$' AND CAST(nps AS INTEGER) BETWEEN 0 AND 10 THEN CAST(nps AS INTEGER) END AS nps_v,
         CASE WHEN csat REGEXP '^[0-9]{1,3}$' AND CAST(csat AS INTEGER) BETWEEN 1 AND 5 THEN CAST(csat AS INTEGER) END AS csat_v,
         CASE WHEN ces REGEXP '^[0-9]{1,3}$' AND CAST(ces AS INTEGER) BETWEEN 1 AND 7 THEN CAST(ces AS INTEGER) END AS ces_v,
         responded_at REGEXP '^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[-+](0[0-9]|1[0-4]):[0-5][0-9])$'
           AND date(substr(responded_at, 1, 10), '+0 days') = substr(responded_at, 1, 10) AS responded_ok
  FROM r
)
SELECT rn, survey_id, contact_id, partner, nps_v AS nps, csat_v AS csat, ces_v AS ces,
       CASE
         WHEN survey_id IS NULL OR customer_id IS NULL OR responded_at IS NULL
           OR (contact_id IS NOT NULL AND partner IS NULL) THEN 'missing_required'
         WHEN NOT responded_ok THEN 'bad_timestamp'
         WHEN (nps IS NOT NULL AND nps_v IS NULL) OR (csat IS NOT NULL AND csat_v IS NULL)
           OR (ces IS NOT NULL AND ces_v IS NULL) THEN 'bad_value'
       END AS q_reason
FROM v;

CREATE TABLE m_surveys AS
WITH s AS (
  SELECT * FROM (
    SELECT *, row_number() OVER (PARTITION BY survey_id ORDER BY rn DESC) AS version
    FROM surveys_parsed WHERE q_reason IS NULL
  ) WHERE version = 1
), linked AS (
  SELECT c.partner, c.period, s.nps, s.csat, s.ces
  FROM s JOIN c ON c.partner = s.partner AND c.contact_id = s.contact_id
)
SELECT partner, period,
       count(*) AS responses,
       count(nps) AS nps_n,
       coalesce(sum(nps >= 9), 0) AS promoters,
       coalesce(sum(nps <= 6), 0) AS detractors,
       count(csat) AS csat_n,
       coalesce(sum(csat >= 4), 0) AS csat_good,
       count(ces) AS ces_n,
       coalesce(sum(ces), 0) AS ces_sum,
       coalesce(sum(ces >= 5), 0) AS ces_5plus
FROM linked GROUP BY partner, period;

CREATE VIEW quarantine AS
SELECT 'contacts.csv' AS file, rn AS record, q_reason AS reason FROM contacts_parsed WHERE q_reason IS NOT NULL
UNION ALL
SELECT 'surveys.csv', rn, q_reason FROM surveys_parsed WHERE q_reason IS NOT NULL;

-- ---------------------------------------------------------------------------------------
-- Output (rule 12 and "Output"): every metric row for every (partner, month) cell.
-- val is the double the rule rounds; num is already text (counts, or exact sums of us).
-- ---------------------------------------------------------------------------------------
CREATE TABLE cell AS
SELECT t.*,
       coalesce(r.hits, 0) AS rw_hits, coalesce(r.decided, 0) AS rw_den, coalesce(r.pending, 0) AS rw_pending,
       coalesce(f.resolved, 0) AS fr, coalesce(f.repeated, 0) AS fp, coalesce(f.pending, 0) AS fpend,
       coalesce(f.resolved_sr, 0) AS sr, coalesce(f.repeated_sr, 0) AS sp, coalesce(f.pending_sr, 0) AS spend,
       coalesce(i.closed, 0) AS closed, coalesce(i.open, 0) AS open, coalesce(i.closed_contacts, 0) AS closed_contacts,
       i.median_hours, i.p90_hours, i.median_bh, i.p90_bh,
       coalesce(s.responses, 0) AS responses, coalesce(s.nps_n, 0) AS nps_n,
       coalesce(s.promoters, 0) AS promoters, coalesce(s.detractors, 0) AS detractors,
       coalesce(s.csat_n, 0) AS csat_n, coalesce(s.csat_good, 0) AS csat_good,
       coalesce(s.ces_n, 0) AS ces_n, coalesce(s.ces_sum, 0) AS ces_sum, coalesce(s.ces_5plus, 0) AS ces_5plus,
       CASE WHEN s.nps_n > 0 THEN CAST(s.promoters AS REAL) / s.nps_n END AS p,
       CASE WHEN s.nps_n > 0 THEN CAST(s.detractors AS REAL) / s.nps_n END AS dd,
       CASE WHEN s.csat_n > 0 THEN CAST(s.csat_good AS REAL) / s.csat_n END AS cp
FROM m_traffic t
LEFT JOIN m_response r USING (partner, period)
LEFT JOIN m_fcr f USING (partner, period)
LEFT JOIN m_issues i USING (partner, period)
LEFT JOIN m_surveys s USING (partner, period);

-- Exact sum of microseconds, printed in seconds with 6 decimals.
CREATE TABLE metric_rows AS
WITH us_sum(partner, period, metric, v, den) AS (
  SELECT partner, period, 'asa_seconds', asa_sum, asa_n FROM cell
  UNION ALL SELECT partner, period, 'aht_seconds', aht_sum, aht_n FROM cell
)
SELECT partner, period, metric,
       CASE WHEN v < 0 THEN '-' ELSE '' END || printf('%d.%06d', abs(v) / 1000000, abs(v) % 1000000) AS num,
       den, CASE WHEN den > 0 THEN CAST(v AS REAL) / (den * 1000000) END AS val, NULL AS pend
FROM us_sum
UNION ALL SELECT partner, period, 'offered', offered, NULL, offered, NULL FROM cell
UNION ALL SELECT partner, period, 'handled', handled, NULL, handled, NULL FROM cell
UNION ALL SELECT partner, period, 'abandoned', abandoned, NULL, abandoned, NULL FROM cell
UNION ALL SELECT partner, period, 'short_abandon', short_abandon, NULL, short_abandon, NULL FROM cell
UNION ALL SELECT partner, period, 'abandon_rate', abandoned - short_abandon, offered - short_abandon,
  CASE WHEN offered - short_abandon > 0 THEN CAST(abandoned - short_abandon AS REAL) / (offered - short_abandon) END, NULL FROM cell
UNION ALL SELECT partner, period, 'transfer_rate', transferred, handled,
  CASE WHEN handled > 0 THEN CAST(transferred AS REAL) / handled END, NULL FROM cell
UNION ALL SELECT partner, period, 'service_level', sl_hit, sl_den,
  CASE WHEN sl_den > 0 THEN CAST(sl_hit AS REAL) / sl_den END, NULL FROM cell
UNION ALL SELECT partner, period, 'response_within', rw_hits, rw_den,
  CASE WHEN rw_den > 0 THEN CAST(rw_hits AS REAL) / rw_den END, rw_pending FROM cell
UNION ALL SELECT partner, period, 'fcr', fr, fr + fp, CASE WHEN fr + fp > 0 THEN CAST(fr AS REAL) / (fr + fp) END, fpend FROM cell
UNION ALL SELECT partner, period, 'repeat_rate', fp, fr + fp, CASE WHEN fr + fp > 0 THEN CAST(fp AS REAL) / (fr + fp) END, fpend FROM cell
UNION ALL SELECT partner, period, 'fcr_same_reason', sr, sr + sp, CASE WHEN sr + sp > 0 THEN CAST(sr AS REAL) / (sr + sp) END, spend FROM cell
UNION ALL SELECT partner, period, 'contacts_per_issue', closed_contacts, closed,
  CASE WHEN closed > 0 THEN CAST(closed_contacts AS REAL) / closed END, open FROM cell
UNION ALL SELECT partner, period, 'time_to_resolve_median_hours', NULL, closed, median_hours, open FROM cell
UNION ALL SELECT partner, period, 'time_to_resolve_p90_hours', NULL, closed, p90_hours, open FROM cell
UNION ALL SELECT partner, period, 'time_to_resolve_median_business_hours', NULL, closed, median_bh, open FROM cell
UNION ALL SELECT partner, period, 'time_to_resolve_p90_business_hours', NULL, closed, p90_bh, open FROM cell
UNION ALL SELECT partner, period, 'nps', promoters - detractors, nps_n,
  CASE WHEN nps_n > 0 THEN CAST(100 * (promoters - detractors) AS REAL) / nps_n END, NULL FROM cell
UNION ALL SELECT partner, period, 'nps_promoters', promoters, nps_n, p, NULL FROM cell
UNION ALL SELECT partner, period, 'nps_detractors', detractors, nps_n, dd, NULL FROM cell
UNION ALL SELECT partner, period, 'nps_margin', NULL, nps_n, 196 * sqrt((p + dd - (p - dd) * (p - dd)) / nps_n), NULL FROM cell
UNION ALL SELECT partner, period, 'csat', csat_good, csat_n, cp, NULL FROM cell
UNION ALL SELECT partner, period, 'csat_wilson_low', csat_good, csat_n,
  (cp + 1.96 * 1.96 / (2 * csat_n) - 1.96 * sqrt(cp * (1 - cp) / csat_n + 1.96 * 1.96 / (4.0 * csat_n * csat_n)))
  / (1 + 1.96 * 1.96 / csat_n), NULL FROM cell
UNION ALL SELECT partner, period, 'csat_wilson_high', csat_good, csat_n,
  (cp + 1.96 * 1.96 / (2 * csat_n) + 1.96 * sqrt(cp * (1 - cp) / csat_n + 1.96 * 1.96 / (4.0 * csat_n * csat_n)))
  / (1 + 1.96 * 1.96 / csat_n), NULL FROM cell
UNION ALL SELECT partner, period, 'ces', ces_sum, ces_n, CASE WHEN ces_n > 0 THEN CAST(ces_sum AS REAL) / ces_n END, NULL FROM cell
UNION ALL SELECT partner, period, 'ces_share_5plus', ces_5plus, ces_n,
  CASE WHEN ces_n > 0 THEN CAST(ces_5plus AS REAL) / ces_n END, NULL FROM cell
UNION ALL SELECT partner, period, 'response_rate', responses, handled,
  CASE WHEN handled > 0 THEN CAST(responses AS REAL) / handled END, NULL FROM cell;

-- value: the double rounded half away from zero on its exact binary value, 6 decimals.
-- |val| = m * 2^e exactly (ieee754_mantissa/exponent); with v = -e - 1,
-- q = floor(|val| * 2e6) = floor(m * 1e6 / 2^v), computed in 64 bits by splitting m into
-- h * 2^20 + l; the rounded millionths are then (q + 1) / 2.
.mode csv
.separator "," "\n"
.headers on
WITH f AS (
  SELECT *, ieee754_mantissa(abs(val)) AS m, ieee754_exponent(abs(val)) AS e FROM metric_rows
), g AS (
  SELECT *,
         CASE WHEN val IS NULL THEN NULL
              WHEN e >= 0 THEN (m << e) * 1000000
              WHEN -e - 1 <= 20
                THEN ((((m >> 20) * 1000000) << (20 - (-e - 1))) + (((m & 1048575) * 1000000) >> (-e - 1)) + 1) >> 1
              ELSE ((((m >> 20) * 1000000 + (((m & 1048575) * 1000000) >> 20)) >> (-e - 1 - 20)) + 1) >> 1
         END AS millionths
  FROM f
)
SELECT partner, period, metric, num AS numerator, den AS denominator,
       CASE WHEN millionths IS NOT NULL
            THEN CASE WHEN val < 0 AND millionths > 0 THEN '-' ELSE '' END
                 || printf('%d.%06d', millionths / 1000000, millionths % 1000000) END AS value,
       pend AS pending
FROM g ORDER BY partner, period, metric;
