-- Issue 13: each process also keeps the active numbers it read lately in memory
-- (src/store/numbers/activeCache.ts), so that reading one again costs no statement. The change
-- log of 0013 tells it which of them any process inserted, changed or deleted since:
--   'active'  the row of active number `e164` was written (its new state is read again).
-- The log keeps its first name: it began with the searches.
CREATE TRIGGER tr_changes_active_new AFTER INSERT ON active_numbers BEGIN
  INSERT INTO search_changes (kind, region_code, number_type, e164)
    VALUES ('active', NEW.region_code, NEW.number_type, NEW.phone_number);
END;

CREATE TRIGGER tr_changes_active_changed AFTER UPDATE ON active_numbers BEGIN
  INSERT INTO search_changes (kind, region_code, number_type, e164)
    VALUES ('active', OLD.region_code, OLD.number_type, OLD.phone_number);
  INSERT INTO search_changes (kind, region_code, number_type, e164)
    SELECT 'active', NEW.region_code, NEW.number_type, NEW.phone_number
    WHERE NEW.phone_number IS NOT OLD.phone_number;
END;

CREATE TRIGGER tr_changes_active_gone AFTER DELETE ON active_numbers BEGIN
  INSERT INTO search_changes (kind, region_code, number_type, e164)
    VALUES ('active', OLD.region_code, OLD.number_type, OLD.phone_number);
END;
