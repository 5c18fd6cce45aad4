-- bench/score: the golden metric set (shared/spec/golden-rules.md) in DuckDB SQL.
-- Run by duckdb_score.mjs, which replaces {{INPUT_DIR}}, adds missing optional columns
-- (rule 10) at the "@@ fill-missing-columns" marker, and prints the final SELECT as CSV.
--
-- Time zone: DuckDB's ICU (timezone('America/New_York', ...)) for periods and for the
-- business calendar's opening instants; the session zone is UTC so that casts between
-- TIMESTAMP (UTC wall clock) and TIMESTAMPTZ are identities.
-- Every instant is an integer count of microseconds since the epoch (BIGINT), so all the
-- comparisons (< 5 s, <= 20 s, (t, t+W], <= 48 h) are exact.

SET TimeZone = 'UTC';

-- Rule 10: columns by header name, everything as text; record number = rowid + 1
-- (CREATE TABLE AS keeps file order: preserve_insertion_order is on by default).
CREATE TABLE contacts_raw AS
  SELECT * FROM read_csv('{{INPUT_DIR}}/contacts.csv', header = true, all_varchar = true,
                         delim = ',', quote = '"', escape = '"');
CREATE TABLE surveys_raw AS
  SELECT * FROM read_csv('{{INPUT_DIR}}/surveys.csv', header = true, all_varchar = true,
                         delim = ',', quote = '"', escape = '"');

-- @@ fill-missing-columns

-- ---------------------------------------------------------------------------------------
-- Parsing helpers
-- ---------------------------------------------------------------------------------------

-- Rule 1: YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM); hour <= 23, minute and second
-- <= 59, offset hours <= 14 and minutes <= 59 are in the pattern; a real calendar day is
-- checked by the TIMESTAMP cast of the first 19 characters (NULL for 2026-02-29). The
-- fraction is truncated to 6 digits. Once the pattern matched, the text is ASCII, so
-- strlen and s[i] index bytes. NULL when invalid.
CREATE MACRO ts_us(s) AS CASE
  WHEN regexp_full_match(s, '[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])')
  THEN epoch_us(try_cast(substr(s, 1, 19) AS TIMESTAMP))
     + CASE WHEN substr(s, 20, 1) = '.'   -- fraction digits run up to the zone (1 or 6 chars)
            THEN CAST(rpad(substr(s, 21, least(6, strlen(s) - 20 - CASE WHEN s[strlen(s)] = 'Z' THEN 1 ELSE 6 END)), 6, '0') AS BIGINT)
            ELSE 0 END
     - CASE WHEN s[strlen(s)] = 'Z' THEN 0
            ELSE (CASE WHEN s[strlen(s) - 5] = '-' THEN -1 ELSE 1 END)
               * (CAST(s[strlen(s) - 4:strlen(s) - 3] AS BIGINT) * 3600 + CAST(s[strlen(s) - 1:] AS BIGINT) * 60) * 1000000
       END
END;

-- Rules 2-3: "any case" is ASCII case (DuckDB's lower() would also fold e.g. U+0130 to 'i');
-- text with other characters is left as it is and so never matches.
CREATE MACRO ascii_lower(s) AS CASE WHEN strlen(s) = length(s) THEN lower(s) ELSE s END;

-- Rule 2: booleans in any case; a non-empty other text is a bad_value.
CREATE MACRO bool_val(s) AS CASE WHEN ascii_lower(s) IN ('true', '1', 'yes') THEN true
                                 WHEN ascii_lower(s) IN ('false', '0', 'no') THEN false END;
CREATE MACRO bool_bad(s) AS s IS NOT NULL AND bool_val(s) IS NULL;

-- Rule 4: handle_seconds = [0-9]{1,9}(\.[0-9]+)?, fraction truncated to microseconds.
CREATE MACRO secs_ok(s) AS regexp_full_match(s, '[0-9]{1,9}(\.[0-9]+)?');
CREATE MACRO secs_us(s) AS CAST(split_part(s, '.', 1) AS BIGINT) * 1000000
  + CASE WHEN strpos(s, '.') > 0 THEN CAST(rpad(substr(split_part(s, '.', 2), 1, 6), 6, '0') AS BIGINT) ELSE 0 END;

-- Rule 5: survey scores are [0-9]{1,3} inside their range.
CREATE MACRO score_ok(s, lo, hi) AS regexp_full_match(s, '[0-9]{1,3}') AND CAST(s AS INTEGER) BETWEEN lo AND hi;

-- Local (America/New_York) wall clock of an instant in microseconds.
CREATE MACRO ny_local(t) AS timezone('America/New_York', make_timestamp(t)::TIMESTAMPTZ);

-- Output: a double rounded half away from zero on its exact binary value, 6 decimals
-- (printf('%.80f') prints the exact expansion of any double >= 2^-28; the 7th decimal then
-- decides the rounding). 0 is never written with a sign.
CREATE MACRO fmt6(x) AS CASE WHEN x IS NOT NULL AND NOT isnan(x) THEN
  CASE WHEN x < 0 AND CAST(left(printf('%.80f', abs(x)), strpos(printf('%.80f', abs(x)), '.') + 6) AS DECIMAL(38, 6))
                      + CASE WHEN substr(printf('%.80f', abs(x)), strpos(printf('%.80f', abs(x)), '.') + 7, 1) >= '5'
                             THEN 0.000001 ELSE 0 END > 0
       THEN '-' ELSE '' END
  || CAST(CAST(left(printf('%.80f', abs(x)), strpos(printf('%.80f', abs(x)), '.') + 6) AS DECIMAL(38, 6))
          + CASE WHEN substr(printf('%.80f', abs(x)), strpos(printf('%.80f', abs(x)), '.') + 7, 1) >= '5'
                 THEN 0.000001 ELSE 0 END AS VARCHAR)
END;
-- Exact sum of microseconds, printed in seconds with 6 decimals.
CREATE MACRO fmt_us(v) AS CASE WHEN v < 0 THEN '-' ELSE '' END
  || CAST(abs(v) // 1000000 AS VARCHAR) || '.' || lpad(CAST(abs(v) % 1000000 AS VARCHAR), 6, '0');
-- A rate or mean as the double n / d (the golden references divide the integers, so the
-- means in seconds are sum_us / (n * 1e6); it decides the 7th decimal of exact ties).
CREATE MACRO ratio(n, d) AS CASE WHEN d > 0 THEN CAST(n AS DOUBLE) / CAST(d AS DOUBLE) END;

-- ---------------------------------------------------------------------------------------
-- Contacts: parse, quarantine (rule 8 order), dedup (rule 9: last valid row wins)
-- ---------------------------------------------------------------------------------------
CREATE TABLE contacts_parsed AS
WITH r AS (
  SELECT rowid + 1 AS rn,
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
), p AS (
  SELECT *, ts_us(arrived_at) AS arr, ts_us(customer_sent_at) AS sent,
         ts_us(answered_at) AS ans, ts_us(ended_at) AS ended
  FROM r
)
SELECT rn, contact_id, partner, ascii_lower(channel) AS channel, customer_id, reason, arr, sent, ans, ended,
       CASE WHEN secs_ok(handle_seconds) THEN secs_us(handle_seconds) END AS handle_us,
       coalesce(bool_val(abandoned), false) AS abandoned,
       coalesce(bool_val(transferred), false) AS transferred,
       CASE
         -- customer_id is required for contacts in the golden references (decision 0003)
         WHEN contact_id IS NULL OR partner IS NULL OR channel IS NULL OR arrived_at IS NULL
           OR customer_id IS NULL THEN 'missing_required'
         WHEN arr IS NULL OR (customer_sent_at IS NOT NULL AND sent IS NULL)
           OR (answered_at IS NOT NULL AND ans IS NULL) OR (ended_at IS NOT NULL AND ended IS NULL)
           THEN 'bad_timestamp'
         WHEN ascii_lower(channel) NOT IN ('voice', 'email', 'chat', 'messaging', 'social') THEN 'unknown_channel'
         WHEN (handle_seconds IS NOT NULL AND NOT secs_ok(handle_seconds))
           OR bool_bad(abandoned) OR bool_bad(transferred)
           OR bool_bad(demographics_collected) OR bool_bad(consent_recorded) THEN 'bad_value'
         WHEN ans < arr THEN 'answered_before_arrived'
         WHEN ended < arr THEN 'ended_before_arrived'
       END AS q_reason
FROM p;

CREATE TABLE contacts AS
SELECT * EXCLUDE (q_reason) FROM contacts_parsed
WHERE q_reason IS NULL
QUALIFY row_number() OVER (PARTITION BY partner, contact_id ORDER BY rn DESC) = 1;

-- Intermediate tables are dropped once used, to bound memory.
CREATE TABLE quarantine AS
SELECT 'contacts.csv' AS file, rn AS record, q_reason AS reason FROM contacts_parsed WHERE q_reason IS NOT NULL;
DROP TABLE contacts_raw;
DROP TABLE contacts_parsed;

-- Rule 13: one horizon, the latest valid arrived_at.
CREATE TABLE horizon AS SELECT max(arr) AS h FROM contacts;

CREATE TABLE c AS
SELECT partner, contact_id, channel, customer_id, reason, arr, ans, ended, handle_us, abandoned, transferred,
       strftime(ny_local(arr), '%Y-%m') AS period,
       coalesce(sent, arr) AS clock,                                         -- clock = sent
       abandoned AND ended IS NOT NULL AND ended - arr < 5000000 AS short,   -- rule 15
       NOT abandoned AS handled
FROM contacts;
DROP TABLE contacts;

-- ---------------------------------------------------------------------------------------
-- Business calendar (rule 21): one row per New York date over the span of the data, keyed
-- by the UTC instant of its local midnight (ICU gives the instants of local midnight, 09:00
-- and 17:00 of each date), with cum_before = open microseconds on earlier dates.
-- cum(t) = cum_before(local date of t) + clamp(t - open, 0, len), the local date of t being
-- found by an ASOF join on the midnights.
-- ---------------------------------------------------------------------------------------
CREATE TABLE cal AS
WITH span AS (
  SELECT CAST(ny_local(least(min(arr), min(clock), min(ans), min(ended))) AS DATE) - 1 AS lo,
         CAST(ny_local(greatest(max(arr), max(clock), max(ans), max(ended))) AS DATE) + 1 AS hi
  FROM c
), days AS (
  SELECT CAST(d AS DATE) AS d FROM span, range(CAST(lo AS TIMESTAMP), CAST(hi AS TIMESTAMP) + INTERVAL 1 DAY, INTERVAL 1 DAY) t(d)
), open AS (
  SELECT d,
         epoch_us(timezone('America/New_York', CAST(d AS TIMESTAMP))) AS from_us,
         epoch_us(timezone('America/New_York', d + TIME '09:00:00')) AS open_us,
         CASE WHEN isodow(d) <= 5
               AND d NOT IN (DATE '2026-01-01', DATE '2026-01-19', DATE '2026-02-16', DATE '2026-05-25')
              THEN epoch_us(timezone('America/New_York', d + TIME '17:00:00'))
                 - epoch_us(timezone('America/New_York', d + TIME '09:00:00'))
              ELSE 0 END AS len_us
  FROM days
)
SELECT d, from_us, open_us, len_us,
       coalesce(sum(len_us) OVER (ORDER BY d ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS cum_before
FROM open;

-- ---------------------------------------------------------------------------------------
-- Per-cell metrics
-- ---------------------------------------------------------------------------------------

-- Traffic and service level (rules 15-19).
CREATE TABLE m_traffic AS
SELECT partner, period,
       count(*) AS offered,
       count(*) FILTER (WHERE handled) AS handled,
       count(*) FILTER (WHERE abandoned) AS abandoned,
       count(*) FILTER (WHERE short) AS short_abandon,
       coalesce(sum(ans - arr) FILTER (WHERE channel IN ('voice', 'chat') AND ans IS NOT NULL), 0) AS asa_sum,
       count(*) FILTER (WHERE channel IN ('voice', 'chat') AND ans IS NOT NULL) AS asa_n,
       coalesce(sum(handle_us) FILTER (WHERE handled AND handle_us IS NOT NULL), 0) AS aht_sum,
       count(*) FILTER (WHERE handled AND handle_us IS NOT NULL) AS aht_n,
       count(*) FILTER (WHERE handled AND transferred) AS transferred,
       count(*) FILTER (WHERE channel IN ('voice', 'chat') AND NOT short AND ans - arr <= 20000000) AS sl_hit,
       count(*) FILTER (WHERE channel IN ('voice', 'chat') AND NOT short) AS sl_den
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
)
SELECT customer_id, issue_no,
       arg_min(partner, seq) AS partner,
       arg_min(period, seq) AS period,
       arg_min(clock, seq) AS start_us,
       arg_max(coalesce(ended, ans, arr), seq) AS end_us,
       max(arr) AS last_arr,
       count(*) AS contacts
FROM numbered GROUP BY customer_id, issue_no;

-- cum(t) for every instant the response and issue metrics need, computed once each.
CREATE TABLE cum AS
WITH instants AS (
  SELECT clock AS t FROM c WHERE channel IN ('email', 'messaging') AND NOT short
  UNION SELECT ans FROM c WHERE channel IN ('email', 'messaging') AND NOT short AND ans IS NOT NULL
  UNION SELECT h FROM horizon
  UNION SELECT start_us FROM issues
  UNION SELECT end_us FROM issues
)
SELECT i.t, cal.cum_before + least(greatest(i.t - cal.open_us, 0), cal.len_us) AS cum
FROM instants i ASOF JOIN cal ON i.t >= cal.from_us;

-- Response within 48 business hours (rules 20-22).
CREATE TABLE m_response AS
WITH pop AS (
  SELECT c.partner, c.period,
         CASE WHEN c.ans IS NOT NULL
              THEN CASE WHEN a.cum - s.cum <= 172800000000 THEN 'hit' ELSE 'miss' END
              WHEN (SELECT cum FROM cum, horizon WHERE t = h) - s.cum < 172800000000 THEN 'pending'
              ELSE 'miss' END AS outcome
  FROM c
  JOIN cum s ON s.t = c.clock
  LEFT JOIN cum a ON a.t = c.ans
  WHERE c.channel IN ('email', 'messaging') AND NOT c.short
)
SELECT partner, period,
       count(*) FILTER (WHERE outcome = 'hit') AS hits,
       count(*) FILTER (WHERE outcome <> 'pending') AS decided,
       count(*) FILTER (WHERE outcome = 'pending') AS pending
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
), h AS (
  SELECT cand.*, arr + 604800000000 > (SELECT h FROM horizon) AS pending FROM cand WHERE handled
)
SELECT partner, period,
       count(*) FILTER (WHERE NOT pending AND repeats = 0) AS resolved,
       count(*) FILTER (WHERE NOT pending AND repeats > 0) AS repeated,
       count(*) FILTER (WHERE pending) AS pending,
       count(*) FILTER (WHERE reason IS NOT NULL AND NOT pending AND repeats_same_reason = 0) AS resolved_sr,
       count(*) FILTER (WHERE reason IS NOT NULL AND NOT pending AND repeats_same_reason > 0) AS repeated_sr,
       count(*) FILTER (WHERE reason IS NOT NULL AND pending) AS pending_sr
FROM h GROUP BY partner, period;

CREATE TABLE m_issues AS
WITH i AS (
  SELECT partner, period, contacts,
         last_arr + 604800000000 <= (SELECT h FROM horizon) AS closed,
         CAST(end_us - start_us AS DOUBLE) / 3.6e9 AS hours,
         CAST(e.cum - s.cum AS DOUBLE) / 3.6e9 AS business_hours
  FROM issues
  JOIN cum s ON s.t = start_us
  JOIN cum e ON e.t = end_us
)
SELECT partner, period,
       count(*) FILTER (WHERE closed) AS closed,
       count(*) FILTER (WHERE NOT closed) AS open,
       coalesce(sum(contacts) FILTER (WHERE closed), 0) AS closed_contacts,
       quantile_cont(hours, 0.5) FILTER (WHERE closed) AS median_hours,
       quantile_cont(hours, 0.9) FILTER (WHERE closed) AS p90_hours,
       quantile_cont(business_hours, 0.5) FILTER (WHERE closed) AS median_bh,
       quantile_cont(business_hours, 0.9) FILTER (WHERE closed) AS p90_bh
FROM i GROUP BY partner, period;

-- ---------------------------------------------------------------------------------------
-- Surveys (rules 5, 6, 31-35)
-- ---------------------------------------------------------------------------------------
CREATE TABLE surveys_parsed AS
WITH r AS (
  SELECT rowid + 1 AS rn,
         nullif(survey_id, '') AS survey_id, nullif(contact_id, '') AS contact_id,
         nullif(partner, '') AS partner, nullif(customer_id, '') AS customer_id,
         nullif(responded_at, '') AS responded_at,
         nullif(nps, '') AS nps, nullif(csat, '') AS csat, nullif(ces, '') AS ces
  FROM surveys_raw
)
SELECT rn, survey_id, contact_id, partner,
       CASE WHEN score_ok(nps, 0, 10) THEN CAST(nps AS INTEGER) END AS nps,
       CASE WHEN score_ok(csat, 1, 5) THEN CAST(csat AS INTEGER) END AS csat,
       CASE WHEN score_ok(ces, 1, 7) THEN CAST(ces AS INTEGER) END AS ces,
       CASE
         WHEN survey_id IS NULL OR customer_id IS NULL OR responded_at IS NULL
           OR (contact_id IS NOT NULL AND partner IS NULL) THEN 'missing_required'
         WHEN ts_us(responded_at) IS NULL THEN 'bad_timestamp'
         WHEN (nps IS NOT NULL AND NOT score_ok(nps, 0, 10))
           OR (csat IS NOT NULL AND NOT score_ok(csat, 1, 5))
           OR (ces IS NOT NULL AND NOT score_ok(ces, 1, 7)) THEN 'bad_value'
       END AS q_reason
FROM r;

CREATE TABLE m_surveys AS
WITH s AS (
  SELECT * FROM surveys_parsed WHERE q_reason IS NULL
  QUALIFY row_number() OVER (PARTITION BY survey_id ORDER BY rn DESC) = 1
), linked AS (
  SELECT c.partner, c.period, s.nps, s.csat, s.ces
  FROM s JOIN c ON c.partner = s.partner AND c.contact_id = s.contact_id
)
SELECT partner, period,
       count(*) AS responses,
       count(nps) AS nps_n,
       count(*) FILTER (WHERE nps >= 9) AS promoters,
       count(*) FILTER (WHERE nps <= 6) AS detractors,
       count(csat) AS csat_n,
       count(*) FILTER (WHERE csat >= 4) AS csat_good,
       count(ces) AS ces_n,
       coalesce(sum(ces), 0) AS ces_sum,
       count(*) FILTER (WHERE ces >= 5) AS ces_5plus
FROM linked GROUP BY partner, period;

-- ---------------------------------------------------------------------------------------
-- Output (rule 12 and "Output"): every metric row for every (partner, month) cell.
-- ---------------------------------------------------------------------------------------
CREATE TABLE metrics AS
WITH cell AS (
  SELECT t.*,
         coalesce(r.hits, 0) AS rw_hits, coalesce(r.decided, 0) AS rw_den, coalesce(r.pending, 0) AS rw_pending,
         f.resolved, f.repeated, f.pending AS fcr_pending, f.resolved_sr, f.repeated_sr, f.pending_sr,
         coalesce(i.closed, 0) AS closed, coalesce(i.open, 0) AS open, coalesce(i.closed_contacts, 0) AS closed_contacts,
         i.median_hours, i.p90_hours, i.median_bh, i.p90_bh,
         coalesce(s.responses, 0) AS responses, coalesce(s.nps_n, 0) AS nps_n,
         coalesce(s.promoters, 0) AS promoters, coalesce(s.detractors, 0) AS detractors,
         coalesce(s.csat_n, 0) AS csat_n, coalesce(s.csat_good, 0) AS csat_good,
         coalesce(s.ces_n, 0) AS ces_n, coalesce(s.ces_sum, 0) AS ces_sum, coalesce(s.ces_5plus, 0) AS ces_5plus
  FROM m_traffic t
  LEFT JOIN m_response r USING (partner, period)
  LEFT JOIN m_fcr f USING (partner, period)
  LEFT JOIN m_issues i USING (partner, period)
  LEFT JOIN m_surveys s USING (partner, period)
), cell2 AS (
  SELECT *,
         coalesce(resolved, 0) AS fr, coalesce(repeated, 0) AS fp, coalesce(fcr_pending, 0) AS fpend,
         coalesce(resolved_sr, 0) AS sr, coalesce(repeated_sr, 0) AS sp, coalesce(pending_sr, 0) AS spend,
         ratio(promoters, nps_n) AS p, ratio(detractors, nps_n) AS dd, ratio(csat_good, csat_n) AS cp
  FROM cell
), rows AS (
  SELECT partner, period, unnest([
    {metric: 'offered',       num: offered::VARCHAR,       den: NULL::BIGINT, val: CAST(offered AS DOUBLE), pend: NULL::BIGINT},
    {metric: 'handled',       num: handled::VARCHAR,       den: NULL, val: CAST(handled AS DOUBLE), pend: NULL},
    {metric: 'abandoned',     num: abandoned::VARCHAR,     den: NULL, val: CAST(abandoned AS DOUBLE), pend: NULL},
    {metric: 'short_abandon', num: short_abandon::VARCHAR, den: NULL, val: CAST(short_abandon AS DOUBLE), pend: NULL},
    {metric: 'abandon_rate',  num: (abandoned - short_abandon)::VARCHAR, den: offered - short_abandon,
                              val: ratio(abandoned - short_abandon, offered - short_abandon), pend: NULL},
    {metric: 'asa_seconds',   num: fmt_us(asa_sum), den: asa_n, val: ratio(asa_sum, asa_n * 1000000), pend: NULL},
    {metric: 'aht_seconds',   num: fmt_us(aht_sum), den: aht_n, val: ratio(aht_sum, aht_n * 1000000), pend: NULL},
    {metric: 'transfer_rate', num: transferred::VARCHAR, den: handled, val: ratio(transferred, handled), pend: NULL},
    {metric: 'service_level', num: sl_hit::VARCHAR, den: sl_den, val: ratio(sl_hit, sl_den), pend: NULL},
    {metric: 'response_within', num: rw_hits::VARCHAR, den: rw_den, val: ratio(rw_hits, rw_den), pend: rw_pending},
    {metric: 'fcr',           num: fr::VARCHAR, den: fr + fp, val: ratio(fr, fr + fp), pend: fpend},
    {metric: 'repeat_rate',   num: fp::VARCHAR, den: fr + fp, val: ratio(fp, fr + fp), pend: fpend},
    {metric: 'fcr_same_reason', num: sr::VARCHAR, den: sr + sp, val: ratio(sr, sr + sp), pend: spend},
    {metric: 'contacts_per_issue', num: closed_contacts::VARCHAR, den: closed, val: ratio(closed_contacts, closed), pend: open},
    {metric: 'time_to_resolve_median_hours', num: NULL, den: closed, val: median_hours, pend: open},
    {metric: 'time_to_resolve_p90_hours', num: NULL, den: closed, val: p90_hours, pend: open},
    {metric: 'time_to_resolve_median_business_hours', num: NULL, den: closed, val: median_bh, pend: open},
    {metric: 'time_to_resolve_p90_business_hours', num: NULL, den: closed, val: p90_bh, pend: open},
    {metric: 'nps',           num: (promoters - detractors)::VARCHAR, den: nps_n,
                              val: ratio(100 * (promoters - detractors), nps_n), pend: NULL},
    {metric: 'nps_promoters', num: promoters::VARCHAR, den: nps_n, val: p, pend: NULL},
    {metric: 'nps_detractors', num: detractors::VARCHAR, den: nps_n, val: dd, pend: NULL},
    {metric: 'nps_margin',    num: NULL, den: nps_n,
                              val: 196 * sqrt((p + dd - (p - dd) * (p - dd)) / nps_n), pend: NULL},
    {metric: 'csat',          num: csat_good::VARCHAR, den: csat_n, val: cp, pend: NULL},
    {metric: 'csat_wilson_low', num: csat_good::VARCHAR, den: csat_n,
      val: (cp + 1.96 * 1.96 / (2 * csat_n) - 1.96 * sqrt(cp * (1 - cp) / csat_n + 1.96 * 1.96 / (4.0 * csat_n * csat_n)))
           / (1 + 1.96 * 1.96 / csat_n), pend: NULL},
    {metric: 'csat_wilson_high', num: csat_good::VARCHAR, den: csat_n,
      val: (cp + 1.96 * 1.96 / (2 * csat_n) + 1.96 * sqrt(cp * (1 - cp) / csat_n + 1.96 * 1.96 / (4.0 * csat_n * csat_n)))
           / (1 + 1.96 * 1.96 / csat_n), pend: NULL},
    {metric: 'ces',           num: ces_sum::VARCHAR, den: ces_n, val: ratio(ces_sum, ces_n), pend: NULL},
    {metric: 'ces_share_5plus', num: ces_5plus::VARCHAR, den: ces_n, val: ratio(ces_5plus, ces_n), pend: NULL},
    {metric: 'response_rate', num: responses::VARCHAR, den: handled, val: ratio(responses, handled), pend: NULL}
  ]) AS m
  FROM cell2
)
SELECT partner, period, m.metric AS metric, m.num AS numerator, m.den AS denominator,
       fmt6(m.val) AS value, m.pend AS pending
FROM rows;

-- @@ quarantine
SELECT file, record, reason FROM quarantine
UNION ALL
SELECT 'surveys.csv', rn, q_reason FROM surveys_parsed WHERE q_reason IS NOT NULL
ORDER BY file, record;

-- @@ output
SELECT partner, period, metric, numerator, CAST(denominator AS VARCHAR) AS denominator, value,
       CAST(pending AS VARCHAR) AS pending
FROM metrics ORDER BY partner, period, metric;
