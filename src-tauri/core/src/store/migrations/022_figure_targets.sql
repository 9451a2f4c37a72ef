-- The month's target in cars and money (至本日目标达成 车/钱) and the green / amber / red
-- band of each dashboard figure, both set by the supervisor with her PIN (issue 21).
CREATE TABLE month_targets (
    year        INTEGER NOT NULL,
    month       INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    cars        INTEGER NOT NULL CHECK (cars >= 0),
    money_minor INTEGER NOT NULL CHECK (money_minor >= 0),
    set_by      TEXT NOT NULL,
    set_at      TEXT NOT NULL,
    PRIMARY KEY (year, month)
);

CREATE TABLE figure_bands (
    figure           TEXT PRIMARY KEY,
    green            INTEGER NOT NULL,
    red              INTEGER NOT NULL,
    higher_is_better INTEGER NOT NULL CHECK (higher_is_better IN (0, 1)),
    set_by           TEXT NOT NULL,
    set_at           TEXT NOT NULL
);
