-- After migrating fixtures v1.0.0's data to the end: each query's rows are violations.
-- Every user of v1.0.0 now works Monday to Friday, 09:00–17:00.
SELECT u.id, count(r.id) AS rules
FROM users AS u LEFT JOIN availability_rules AS r ON r.user_id = u.id AND r.starts = '09:00' AND r.ends = '17:00'
GROUP BY u.id HAVING count(r.id) <> 5;
-- No booking or calendar was lost on the way.
SELECT 'bookings' AS lost WHERE (SELECT count(*) FROM bookings) <> 12
UNION ALL SELECT 'calendar_integrations' WHERE (SELECT count(*) FROM calendar_integrations) <> 11;
