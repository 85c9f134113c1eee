-- Issue 13: searches are answered from memory (src/store/inventory/containsIndex.ts), which keeps
-- each searched pair's numbers with a for-sale flag, and each product it read. This log tells
-- every process sharing the store what changed, in commit order (SQLite has one writer at a
-- time, so `seq` grows in the order the changes became visible; AUTOINCREMENT never reuses one):
--   'number'  a number went on or off sale (`e164`, `available`),
--   'pair'    numbers joined the pair (its total changed): its copy is loaded again,
--   'product' the pair's product or KYC policy changed: its product is read again.
-- A search first reads the rows after the last it applied (none, mostly: one index probe).
-- Triggers write it, in the transaction of the change, for every writer present and future.
-- Old rows are deleted (pruneSearchChanges); a process that finds a gap starts over.
CREATE TABLE search_changes (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  kind        TEXT NOT NULL,
  region_code TEXT NOT NULL,
  number_type TEXT NOT NULL,
  e164        TEXT,
  available   INTEGER
);

CREATE TRIGGER tr_search_number AFTER UPDATE OF status ON phone_numbers
  WHEN (OLD.status = 'AVAILABLE') IS NOT (NEW.status = 'AVAILABLE') BEGIN
  INSERT INTO search_changes (kind, region_code, number_type, e164, available)
    VALUES ('number', NEW.region_code, NEW.number_type, NEW.e164, NEW.status = 'AVAILABLE');
END;

CREATE TRIGGER tr_search_pair_new AFTER INSERT ON inventory_totals BEGIN
  INSERT INTO search_changes (kind, region_code, number_type) VALUES ('pair', NEW.region_code, NEW.number_type);
END;
CREATE TRIGGER tr_search_pair_grew AFTER UPDATE ON inventory_totals
  WHEN OLD.total IS NOT NEW.total BEGIN
  INSERT INTO search_changes (kind, region_code, number_type) VALUES ('pair', NEW.region_code, NEW.number_type);
END;

CREATE TRIGGER tr_search_product_new AFTER INSERT ON products BEGIN
  INSERT INTO search_changes (kind, region_code, number_type) VALUES ('product', NEW.region_code, NEW.number_type);
END;
CREATE TRIGGER tr_search_product_changed AFTER UPDATE ON products BEGIN
  INSERT INTO search_changes (kind, region_code, number_type) VALUES ('product', NEW.region_code, NEW.number_type);
END;
CREATE TRIGGER tr_search_product_gone AFTER DELETE ON products BEGIN
  INSERT INTO search_changes (kind, region_code, number_type) VALUES ('product', OLD.region_code, OLD.number_type);
END;

CREATE TRIGGER tr_search_policy_new AFTER INSERT ON kyc_policies BEGIN
  INSERT INTO search_changes (kind, region_code, number_type) VALUES ('product', NEW.region_code, NEW.number_type);
END;
CREATE TRIGGER tr_search_policy_changed AFTER UPDATE ON kyc_policies BEGIN
  INSERT INTO search_changes (kind, region_code, number_type) VALUES ('product', NEW.region_code, NEW.number_type);
END;
CREATE TRIGGER tr_search_policy_gone AFTER DELETE ON kyc_policies BEGIN
  INSERT INTO search_changes (kind, region_code, number_type) VALUES ('product', OLD.region_code, OLD.number_type);
END;
