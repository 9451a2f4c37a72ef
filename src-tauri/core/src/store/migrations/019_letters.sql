-- 019: follow-up letters (跟踪服务信函): the shop's letter templates in three languages,
-- each mailing with the customers it went to (the letter register, 跟踪服务信函登记表).
-- Shipped migrations are never edited.

CREATE TABLE letter_templates (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('recall', 'seasonal', 'event', 'other')),
    name            TEXT NOT NULL,
    en_subject      TEXT NOT NULL,
    en_body         TEXT NOT NULL,
    zh_hans_subject TEXT NOT NULL,
    zh_hans_body    TEXT NOT NULL,
    zh_hant_subject TEXT NOT NULL,
    zh_hant_body    TEXT NOT NULL,
    updated_at      TEXT
);

CREATE TABLE letter_mailings (
    id            INTEGER PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE,
    year          INTEGER NOT NULL,
    seq           INTEGER NOT NULL,
    sent_at       TEXT NOT NULL,
    template_id   INTEGER NOT NULL REFERENCES letter_templates(id),
    template_name TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('recall', 'seasonal', 'event', 'other')),
    subject       TEXT NOT NULL,
    sent_by       TEXT NOT NULL DEFAULT '',
    event_date    TEXT,
    -- The group filter as chosen, JSON, so the register can say whom it was meant for.
    filter        TEXT NOT NULL,
    left_out      INTEGER NOT NULL DEFAULT 0 CHECK (left_out >= 0),
    UNIQUE (year, seq)
);
CREATE INDEX letter_mailings_sent ON letter_mailings (sent_at);

-- Each customer a mailing went to, addressed as it was then, with the letter they got.
CREATE TABLE letter_recipients (
    mailing_id  INTEGER NOT NULL REFERENCES letter_mailings(id),
    position    INTEGER NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    name        TEXT NOT NULL,
    address     TEXT NOT NULL,
    plate       TEXT NOT NULL,
    lang        TEXT NOT NULL,
    -- The letter's subject and body as printed, placeholders filled.
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    PRIMARY KEY (mailing_id, position)
) WITHOUT ROWID;
CREATE INDEX letter_recipients_customer ON letter_recipients (customer_id);

-- The three letters a shop starts with; the shop edits them in the Letters view.
INSERT INTO letter_templates (kind, name, en_subject, en_body, zh_hans_subject, zh_hans_body,
                              zh_hant_subject, zh_hant_body) VALUES
('seasonal', 'Seasonal check · 季节性检查',
 'A seasonal check for {plate}',
 'Dear {name},

The season is turning, and a short check now keeps your {model} ({plate}) safe and comfortable in the months ahead: tyres and brakes, battery and lights, coolant, wipers and the air conditioning.

We would be glad to see you before {date}. Please call us on {phone} to choose a time that suits you, or simply drop in.

Thank you for trusting {shop} with your car.',
 '{plate} 季节性免费检查',
 '尊敬的{name}：

换季在即，为保证您的{model}（{plate}）在接下来的季节里安全、舒适地行驶，我们建议您进行一次换季检查：轮胎与制动、蓄电池与灯光、冷却液、雨刮及空调系统。

欢迎您在{date}前光临。请致电 {phone} 预约合适的时间，或直接到店。

感谢您对{shop}的信任与支持！',
 '{plate} 季節性免費檢查',
 '尊敬的{name}：

換季在即，為保證您的{model}（{plate}）在接下來的季節裡安全、舒適地行駛，我們建議您進行一次換季檢查：輪胎與制動、蓄電池與燈光、冷卻液、雨刮及空調系統。

歡迎您在{date}前光臨。請致電 {phone} 預約合適的時間，或直接到店。

感謝您對{shop}的信任與支持！'),
('recall', 'Recall · 召回通知',
 'Recall notice for your {model} ({plate})',
 'Dear {name},

The manufacturer has asked us to check and, where needed, repair a part on some vehicles of your model. Your {model} ({plate}) is among them.

The work is free of charge and takes about an hour. Please call us on {phone} to book it before {date}.

We are sorry for the trouble, and thank you for your help in keeping your car safe.

{shop}',
 '关于您的{model}（{plate}）的召回通知',
 '尊敬的{name}：

根据制造厂的召回安排，部分{model}车辆需要对某一部件进行免费检查，必要时予以更换。您的车辆（{plate}）在此范围内。

此项服务免费，约需一小时。请于{date}前致电 {phone} 预约。

给您带来不便，敬请谅解，感谢您的配合！

{shop}',
 '關於您的{model}（{plate}）的召回通知',
 '尊敬的{name}：

根據製造廠的召回安排，部分{model}車輛需要對某一部件進行免費檢查，必要時予以更換。您的車輛（{plate}）在此範圍內。

此項服務免費，約需一小時。請於{date}前致電 {phone} 預約。

給您帶來不便，敬請諒解，感謝您的配合！

{shop}'),
('event', 'Event · 活动邀请',
 'You are invited: {shop} customer day on {date}',
 'Dear {name},

On {date} {shop} holds a customer day: a free check of your {model} ({plate}), advice on driving and maintenance from our technicians, and offers on the day.

We would be delighted to welcome you. Please let us know on {phone} that you are coming.',
 '诚邀您参加{shop}客户日活动（{date}）',
 '尊敬的{name}：

{shop}将于{date}举办客户关爱日活动：为您的{model}（{plate}）免费检测，技师现场讲解驾驶与保养知识，当日另有优惠。

诚挚期待您的光临！请致电 {phone} 告知我们您的行程。',
 '誠邀您參加{shop}客戶日活動（{date}）',
 '尊敬的{name}：

{shop}將於{date}舉辦客戶關愛日活動：為您的{model}（{plate}）免費檢測，技師現場講解駕駛與保養知識，當日另有優惠。

誠摯期待您的光臨！請致電 {phone} 告知我們您的行程。');
