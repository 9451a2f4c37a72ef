-- The maintenance interval printed on the after-sales service card (issue 8): 5,000 km
-- or 6 months, whichever comes first, added to settlement settings already saved (the
-- defaults apply until the shop saves its own).
UPDATE settings
SET value = json_set(value, '$.serviceIntervalKm', 5000, '$.serviceIntervalMonths', 6)
WHERE key = 'settlement.settings' AND json_valid(value)
  AND json_extract(value, '$.serviceIntervalKm') IS NULL;
