-- The case categories (GB/T 30428 部件 and 事件 classes, 12345 hotline classes) and the
-- dispatch rules that send each area's cases to a unit.
--
-- A category is a major class (parent_id NULL, two-digit code) or a minor class under one
-- (four-digit code: the major's two digits and two more). Codes are unique within a kind,
-- retired ones included, so a code is never reused for another meaning. Each stage's time
-- limit is an amount and a unit (working_hours, working_days, natural_hours); amount 0 means
-- the stage is not timed. Only minor classes carry rules and limits.
CREATE TABLE categories (
    id                  {{ID}},
    parent_id           BIGINT REFERENCES categories (id),
    kind                TEXT NOT NULL,
    code                TEXT NOT NULL,
    name                TEXT NOT NULL,
    register_rule       TEXT NOT NULL DEFAULT '',
    close_rule          TEXT NOT NULL DEFAULT '',
    triage              TEXT NOT NULL,
    priority            TEXT NOT NULL,
    responsibility      TEXT NOT NULL,
    acknowledge_amount  INTEGER NOT NULL DEFAULT 0,
    acknowledge_unit    TEXT NOT NULL DEFAULT '',
    handle_amount       INTEGER NOT NULL DEFAULT 0,
    handle_unit         TEXT NOT NULL DEFAULT '',
    verify_amount       INTEGER NOT NULL DEFAULT 0,
    verify_unit         TEXT NOT NULL DEFAULT '',
    visit_amount        INTEGER NOT NULL DEFAULT 0,
    visit_unit          TEXT NOT NULL DEFAULT '',
    retired_at          BIGINT,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX categories_kind_code ON categories (kind, code);
CREATE INDEX categories_parent ON categories (parent_id);

-- A dispatch rule sends the cases of a node's subtree, of one category (a minor class or a
-- whole major class) or of any category (category_id NULL), to a unit. One rule per node and
-- category; the deepest node with a matching rule wins, then the most exact category.
CREATE TABLE dispatch_rules (
    id           {{ID}},
    node_id      BIGINT NOT NULL REFERENCES nodes (id),
    category_id  BIGINT REFERENCES categories (id),
    unit_id      BIGINT NOT NULL REFERENCES units (id),
    note         TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX dispatch_rules_node_category ON dispatch_rules (node_id, COALESCE(category_id, 0));
CREATE INDEX dispatch_rules_unit ON dispatch_rules (unit_id);
CREATE INDEX dispatch_rules_category ON dispatch_rules (category_id);

-- The seed. Limits follow published city rules: exposed refuse 1 working day, dirty roads
-- 5 working hours, illegal construction 15 working days, hotline complaints and advice at
-- most 15 working days, consultations 3 working days; urgent and emergency classes count
-- natural hours. Acknowledgement takes 2 working hours (1 natural hour when urgent),
-- verification 1 working day (4 natural hours when urgent), the return visit 1 working day.
-- Triage: personal and market matters are private, neighbourhood matters minor, the rest
-- major. Hotline classes: 01 咨询, 02 求助, 03 投诉, 04 举报, 05 建议, 06 表扬.
-- 部件 (GB/T 30428.2, the classes of register.FacilityClasses)
INSERT INTO categories (parent_id, kind, code, name, register_rule, close_rule, triage, priority, responsibility,
    acknowledge_amount, acknowledge_unit, handle_amount, handle_unit, verify_amount, verify_unit, visit_amount, visit_unit,
    created_at, updated_at) VALUES
(NULL, 'facility', '01', '公用设施', '', '', 'major', 'normal', 'owner_first', 0, '', 0, '', 0, '', 0, '', 1764633600000, 1764633600000),
(NULL, 'facility', '02', '道路交通', '', '', 'major', 'normal', 'owner_first', 0, '', 0, '', 0, '', 0, '', 1764633600000, 1764633600000),
(NULL, 'facility', '03', '市容环境', '', '', 'major', 'normal', 'owner_first', 0, '', 0, '', 0, '', 0, '', 1764633600000, 1764633600000),
(NULL, 'facility', '04', '园林绿化', '', '', 'major', 'normal', 'owner_first', 0, '', 0, '', 0, '', 0, '', 1764633600000, 1764633600000),
(NULL, 'facility', '05', '房屋土地', '', '', 'major', 'normal', 'owner_first', 0, '', 0, '', 0, '', 0, '', 1764633600000, 1764633600000),
(NULL, 'facility', '06', '其他设施', '', '', 'major', 'normal', 'owner_first', 0, '', 0, '', 0, '', 0, '', 1764633600000, 1764633600000);
INSERT INTO categories (parent_id, kind, code, name, register_rule, close_rule, triage, priority, responsibility,
    acknowledge_amount, acknowledge_unit, handle_amount, handle_unit, verify_amount, verify_unit, visit_amount, visit_unit,
    created_at, updated_at) VALUES
((SELECT id FROM categories WHERE kind = 'facility' AND code = '01'), 'facility', '0101', '上水井盖', '井盖丢失、破损、移位、凹陷或凸起，或与路面高差超过 2 厘米', '井盖补齐或更换、复位平整，与路面高差不超过 2 厘米，现场无安全隐患', 'major', 'urgent', 'owner_first', 1, 'natural_hours', 24, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '01'), 'facility', '0102', '污水井盖', '井盖丢失、破损、移位、凹陷或凸起，或与路面高差超过 2 厘米', '井盖补齐或更换、复位平整，与路面高差不超过 2 厘米，现场无安全隐患', 'major', 'urgent', 'owner_first', 1, 'natural_hours', 24, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '01'), 'facility', '0103', '雨水井盖', '井盖丢失、破损、移位、凹陷或凸起，或与路面高差超过 2 厘米', '井盖补齐或更换、复位平整，与路面高差不超过 2 厘米，现场无安全隐患', 'major', 'urgent', 'owner_first', 1, 'natural_hours', 24, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '01'), 'facility', '0104', '雨水箅子', '雨水箅子丢失、破损、移位或被杂物堵塞', '箅子补齐或更换、复位，排水通畅', 'major', 'urgent', 'owner_first', 1, 'natural_hours', 24, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '01'), 'facility', '0105', '电力井盖', '井盖丢失、破损、移位、凹陷或凸起，或与路面高差超过 2 厘米', '井盖补齐或更换、复位平整，与路面高差不超过 2 厘米，现场无安全隐患', 'major', 'urgent', 'owner_first', 1, 'natural_hours', 24, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '01'), 'facility', '0106', '路灯井盖', '井盖丢失、破损、移位、凹陷或凸起，或与路面高差超过 2 厘米', '井盖补齐或更换、复位平整，与路面高差不超过 2 厘米，现场无安全隐患', 'major', 'urgent', 'owner_first', 1, 'natural_hours', 24, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '01'), 'facility', '0107', '通讯井盖', '井盖丢失、破损、移位、凹陷或凸起，或与路面高差超过 2 厘米', '井盖补齐或更换、复位平整，与路面高差不超过 2 厘米，现场无安全隐患', 'major', 'urgent', 'owner_first', 1, 'natural_hours', 24, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '01'), 'facility', '0108', '有线电视井盖', '井盖丢失、破损、移位、凹陷或凸起，或与路面高差超过 2 厘米', '井盖补齐或更换、复位平整，与路面高差不超过 2 厘米，现场无安全隐患', 'major', 'urgent', 'owner_first', 1, 'natural_hours', 24, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '01'), 'facility', '0109', '网络井盖', '井盖丢失、破损、移位、凹陷或凸起，或与路面高差超过 2 厘米', '井盖补齐或更换、复位平整，与路面高差不超过 2 厘米，现场无安全隐患', 'major', 'urgent', 'owner_first', 1, 'natural_hours', 24, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '01'), 'facility', '0110', '热力井盖', '井盖丢失、破损、移位、凹陷或凸起，或与路面高差超过 2 厘米', '井盖补齐或更换、复位平整，与路面高差不超过 2 厘米，现场无安全隐患', 'major', 'urgent', 'owner_first', 1, 'natural_hours', 24, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '01'), 'facility', '0111', '燃气井盖', '井盖丢失、破损、移位、凹陷或凸起，或与路面高差超过 2 厘米', '井盖补齐或更换、复位平整，与路面高差不超过 2 厘米，现场无安全隐患', 'major', 'urgent', 'owner_first', 1, 'natural_hours', 24, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '01'), 'facility', '0112', '公安井盖', '井盖丢失、破损、移位、凹陷或凸起，或与路面高差超过 2 厘米', '井盖补齐或更换、复位平整，与路面高差不超过 2 厘米，现场无安全隐患', 'major', 'urgent', 'owner_first', 1, 'natural_hours', 24, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '01'), 'facility', '0113', '消防设施', '消火栓等消防设施损坏、漏水、缺失，或被圈占、遮挡', '设施修复或补齐，遮挡清除，可正常使用', 'major', 'urgent', 'owner_first', 1, 'natural_hours', 24, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '01'), 'facility', '0114', '无主井盖', '井盖丢失、破损、移位、凹陷或凸起，或与路面高差超过 2 厘米', '井盖补齐或更换、复位平整，与路面高差不超过 2 厘米，现场无安全隐患', 'major', 'urgent', 'owner_first', 1, 'natural_hours', 24, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '01'), 'facility', '0115', '通讯交接箱', '交接箱破损、箱门缺失或未上锁，存在安全隐患', '修复或更换，箱门完好上锁', 'major', 'normal', 'owner_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '01'), 'facility', '0116', '电力设施', '变压器、配电箱等电力设施破损、箱门缺失或存在漏电隐患', '修复或更换，隐患消除', 'major', 'normal', 'owner_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '01'), 'facility', '0117', '电杆', '电杆倾斜、破损、拉线松脱，或废弃电杆未拆除', '扶正加固或修复，废弃电杆拆除', 'major', 'normal', 'owner_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '01'), 'facility', '0118', '路灯', '路灯不亮、昼亮，灯杆倾斜、破损，灯罩或检修门缺失', '恢复正常照明，灯杆、灯具、检修门完好', 'major', 'normal', 'owner_first', 2, 'working_hours', 3, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '01'), 'facility', '0119', '地灯', '地灯不亮、破损或灯罩缺失，存在漏电隐患', '恢复照明，灯具完好', 'major', 'normal', 'owner_first', 2, 'working_hours', 3, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '01'), 'facility', '0121', '报刊亭', '报刊亭破损、污损、废弃，或超范围经营占道', '修复、清洁或拆除，恢复规范经营', 'major', 'normal', 'owner_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '01'), 'facility', '0122', '电话亭', '电话亭破损、污损或废弃', '修复、清洁或拆除', 'major', 'normal', 'owner_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '01'), 'facility', '0123', '邮筒', '邮筒破损、污损、倾斜或缺失', '修复、清洁或补齐', 'major', 'normal', 'owner_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '01'), 'facility', '0124', '信息亭', '信息亭破损、屏幕不亮或废弃', '修复或拆除', 'major', 'normal', 'owner_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '01'), 'facility', '0126', '健身设施', '健身器材破损、松动、缺件，存在安全隐患', '修复或更换，器材可安全使用；无法修复的拆除', 'major', 'normal', 'owner_first', 2, 'working_hours', 3, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000);
INSERT INTO categories (parent_id, kind, code, name, register_rule, close_rule, triage, priority, responsibility,
    acknowledge_amount, acknowledge_unit, handle_amount, handle_unit, verify_amount, verify_unit, visit_amount, visit_unit,
    created_at, updated_at) VALUES
((SELECT id FROM categories WHERE kind = 'facility' AND code = '02'), 'facility', '0201', '停车场', '停车场设施破损、标线不清或出入口标志缺失', '设施修复，标线、标志清晰完整', 'major', 'normal', 'owner_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '02'), 'facility', '0202', '停车咪表', '咪表损坏、无法使用或缺失', '修复或更换，可正常使用', 'major', 'normal', 'owner_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '02'), 'facility', '0203', '公交站亭', '公交站亭破损、污损，站牌缺失或信息错误', '站亭修复清洁，站牌完整准确', 'major', 'normal', 'owner_first', 2, 'working_hours', 3, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '02'), 'facility', '0204', '出租车站牌', '出租车站牌破损、缺失或倾斜', '修复或更换', 'major', 'normal', 'owner_first', 2, 'working_hours', 3, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '02'), 'facility', '0205', '过街天桥', '天桥护栏、踏步、照明破损，或存在结构安全隐患', '修复，隐患消除', 'major', 'normal', 'owner_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '02'), 'facility', '0206', '地下通道', '地下通道照明、排水、墙地面破损，或积水', '修复，照明排水正常', 'major', 'normal', 'owner_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '02'), 'facility', '0207', '高架立交桥', '立交桥护栏、伸缩缝、排水破损，或有构件脱落隐患', '修复，隐患消除', 'major', 'normal', 'owner_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '02'), 'facility', '0208', '跨河桥', '桥梁护栏、桥面破损，或有构件脱落隐患', '修复，隐患消除', 'major', 'normal', 'owner_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '02'), 'facility', '0209', '交通标志牌', '交通标志牌缺失、倾斜、破损或被遮挡', '补齐、扶正、修复或清除遮挡', 'major', 'normal', 'owner_first', 2, 'working_hours', 3, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '02'), 'facility', '0211', '交通护栏', '交通护栏破损、倾倒或缺失', '修复或补齐', 'major', 'normal', 'owner_first', 2, 'working_hours', 3, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '02'), 'facility', '0212', '存车支架', '存车支架破损、松动或缺失', '修复或补齐', 'major', 'normal', 'owner_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '02'), 'facility', '0213', '路名牌', '路名牌缺失、破损、倾斜或信息错误', '补齐、修复或更正', 'major', 'normal', 'owner_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '02'), 'facility', '0214', '交通信号灯', '交通信号灯不亮、损坏或灯色异常', '信号灯恢复正常', 'major', 'urgent', 'owner_first', 1, 'natural_hours', 8, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000);
INSERT INTO categories (parent_id, kind, code, name, register_rule, close_rule, triage, priority, responsibility,
    acknowledge_amount, acknowledge_unit, handle_amount, handle_unit, verify_amount, verify_unit, visit_amount, visit_unit,
    created_at, updated_at) VALUES
((SELECT id FROM categories WHERE kind = 'facility' AND code = '03'), 'facility', '0301', '公共厕所', '公厕设施损坏、脏乱、异味明显或未按时开放', '设施修复，保洁达标，正常开放', 'major', 'normal', 'owner_first', 2, 'working_hours', 1, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '03'), 'facility', '0303', '公厕指示牌', '公厕指示牌缺失、破损或指向错误', '补齐、修复或更正', 'major', 'normal', 'owner_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '03'), 'facility', '0304', '垃圾间', '垃圾间破损、脏乱或垃圾满溢', '修复，清运完毕，保洁达标', 'major', 'normal', 'owner_first', 2, 'working_hours', 1, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '03'), 'facility', '0305', '垃圾箱', '垃圾箱破损、缺失或满溢', '修复、补齐或清运，箱体完好整洁', 'major', 'normal', 'owner_first', 2, 'working_hours', 1, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '03'), 'facility', '0306', '灯箱霓虹灯', '灯箱、霓虹灯破损、残缺、亮化不全，或有坠落隐患', '修复或拆除，隐患消除', 'major', 'normal', 'owner_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '03'), 'facility', '0307', '广告牌匾', '广告牌匾破损、残缺、字体脱落，或有坠落隐患', '修复或拆除，隐患消除', 'major', 'normal', 'owner_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000);
INSERT INTO categories (parent_id, kind, code, name, register_rule, close_rule, triage, priority, responsibility,
    acknowledge_amount, acknowledge_unit, handle_amount, handle_unit, verify_amount, verify_unit, visit_amount, visit_unit,
    created_at, updated_at) VALUES
((SELECT id FROM categories WHERE kind = 'facility' AND code = '04'), 'facility', '0401', '古树名木', '古树名木生长异常、受损、倾斜，或保护设施破损', '采取养护复壮措施，保护设施修复', 'major', 'normal', 'owner_first', 2, 'working_hours', 3, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '04'), 'facility', '0402', '行道树', '行道树缺株、枯死、倾斜，枝干断裂或影响通行', '补植、扶正或修剪，隐患消除', 'major', 'normal', 'owner_first', 2, 'working_hours', 3, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '04'), 'facility', '0403', '树池箅子', '树池箅子缺失、破损或松动', '补齐或更换，平整牢固', 'major', 'normal', 'owner_first', 2, 'working_hours', 3, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '04'), 'facility', '0404', '花架花钵', '花架、花钵破损、倾倒或缺失', '修复、扶正或补齐', 'major', 'normal', 'owner_first', 2, 'working_hours', 3, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '04'), 'facility', '0405', '绿地', '绿地被毁坏、侵占、黄土裸露或植物成片枯死', '恢复绿化，侵占物清除', 'major', 'normal', 'owner_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '04'), 'facility', '0406', '雕塑', '雕塑破损、污损或有倾倒隐患', '修复、清洁，隐患消除', 'major', 'normal', 'owner_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '04'), 'facility', '0407', '街头座椅', '街头座椅破损、松动或缺失', '修复或补齐', 'major', 'normal', 'owner_first', 2, 'working_hours', 3, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000);
INSERT INTO categories (parent_id, kind, code, name, register_rule, close_rule, triage, priority, responsibility,
    acknowledge_amount, acknowledge_unit, handle_amount, handle_unit, verify_amount, verify_unit, visit_amount, visit_unit,
    created_at, updated_at) VALUES
((SELECT id FROM categories WHERE kind = 'facility' AND code = '05'), 'facility', '0501', '宣传栏', '宣传栏破损、内容过期，或有倾倒、坠落隐患', '修复，内容更新，隐患消除', 'major', 'normal', 'owner_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'facility' AND code = '05'), 'facility', '0502', '人防工事', '人防工事出入口破损、被占用或积水', '修复，占用物清除，积水排除', 'major', 'normal', 'owner_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000);
-- 事件 (GB/T 30428.2 and common community classes)
INSERT INTO categories (parent_id, kind, code, name, register_rule, close_rule, triage, priority, responsibility,
    acknowledge_amount, acknowledge_unit, handle_amount, handle_unit, verify_amount, verify_unit, visit_amount, visit_unit,
    created_at, updated_at) VALUES
(NULL, 'event', '01', '市容环境', '', '', 'major', 'normal', 'area_first', 0, '', 0, '', 0, '', 0, '', 1764633600000, 1764633600000),
(NULL, 'event', '02', '宣传广告', '', '', 'major', 'normal', 'area_first', 0, '', 0, '', 0, '', 0, '', 1764633600000, 1764633600000),
(NULL, 'event', '03', '施工管理', '', '', 'major', 'normal', 'area_first', 0, '', 0, '', 0, '', 0, '', 1764633600000, 1764633600000),
(NULL, 'event', '04', '突发事件', '', '', 'major', 'normal', 'area_first', 0, '', 0, '', 0, '', 0, '', 1764633600000, 1764633600000),
(NULL, 'event', '05', '街面秩序', '', '', 'major', 'normal', 'area_first', 0, '', 0, '', 0, '', 0, '', 1764633600000, 1764633600000);
INSERT INTO categories (parent_id, kind, code, name, register_rule, close_rule, triage, priority, responsibility,
    acknowledge_amount, acknowledge_unit, handle_amount, handle_unit, verify_amount, verify_unit, visit_amount, visit_unit,
    created_at, updated_at) VALUES
((SELECT id FROM categories WHERE kind = 'event' AND code = '01'), 'event', '0101', '违法建设', '未经批准新建、改建、扩建建筑物或构筑物，含楼顶、院内加建和圈占公共空间', '违法建设已拆除或依法完成处理，场地恢复原状', 'major', 'normal', 'area_first', 2, 'working_hours', 15, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '01'), 'event', '0102', '暴露垃圾', '生活垃圾、建筑垃圾暴露堆放，面积 1 平方米以上或影响环境卫生', '垃圾清运完毕，现场无残留', 'major', 'normal', 'area_first', 2, 'working_hours', 1, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '01'), 'event', '0103', '积存垃圾渣土', '垃圾渣土积存 3 日以上或体积超过 1 立方米', '清运完毕，现场平整无残留', 'major', 'normal', 'area_first', 2, 'working_hours', 2, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '01'), 'event', '0104', '道路不洁', '道路、人行道有明显垃圾、污渍或油污，影响市容', '路面洁净，无明显垃圾污渍', 'major', 'normal', 'area_first', 2, 'working_hours', 5, 'working_hours', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '01'), 'event', '0105', '水域不洁', '河道、湖面有漂浮垃圾、油污，或水体异味明显', '水面清洁，无漂浮物', 'major', 'normal', 'area_first', 2, 'working_hours', 1, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '01'), 'event', '0106', '绿地脏乱', '绿地内有垃圾、杂物堆放或乱扔废弃物', '绿地内垃圾杂物清理干净', 'major', 'normal', 'area_first', 2, 'working_hours', 1, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '01'), 'event', '0107', '废弃家具设备', '公共区域堆放废弃家具、电器或废旧车辆', '清运完毕，现场无残留', 'minor', 'normal', 'area_first', 2, 'working_hours', 2, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '01'), 'event', '0108', '焚烧垃圾树叶', '露天焚烧垃圾、树叶、秸秆等', '焚烧停止，明火熄灭，现场清理', 'major', 'urgent', 'area_first', 1, 'natural_hours', 2, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '01'), 'event', '0109', '楼道堆物', '楼道、公共通道堆放杂物，影响通行或消防安全', '杂物清理，通道畅通', 'minor', 'normal', 'area_first', 2, 'working_hours', 3, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000);
INSERT INTO categories (parent_id, kind, code, name, register_rule, close_rule, triage, priority, responsibility,
    acknowledge_amount, acknowledge_unit, handle_amount, handle_unit, verify_amount, verify_unit, visit_amount, visit_unit,
    created_at, updated_at) VALUES
((SELECT id FROM categories WHERE kind = 'event' AND code = '02'), 'event', '0201', '非法小广告', '在建筑物、设施上张贴、涂写、刻画、喷涂小广告', '小广告清除干净，无残留痕迹', 'major', 'normal', 'area_first', 2, 'working_hours', 1, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '02'), 'event', '0202', '违规张贴悬挂广告', '未经批准张贴、悬挂横幅、标语、条幅等', '违规广告拆除', 'major', 'normal', 'area_first', 2, 'working_hours', 2, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '02'), 'event', '0203', '占道广告牌', '擅自在道路、人行道设置广告牌、展板、落地灯箱', '占道广告牌撤除，通行恢复', 'major', 'normal', 'area_first', 2, 'working_hours', 2, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '02'), 'event', '0204', '街头散发广告', '在街头、路口散发广告传单', '散发行为制止，散落传单清理', 'major', 'normal', 'area_first', 2, 'working_hours', 5, 'working_hours', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '02'), 'event', '0205', '户外广告破损', '户外广告、店招破损、残缺或有坠落隐患', '修复或拆除，隐患消除', 'major', 'normal', 'area_first', 2, 'working_hours', 3, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000);
INSERT INTO categories (parent_id, kind, code, name, register_rule, close_rule, triage, priority, responsibility,
    acknowledge_amount, acknowledge_unit, handle_amount, handle_unit, verify_amount, verify_unit, visit_amount, visit_unit,
    created_at, updated_at) VALUES
((SELECT id FROM categories WHERE kind = 'event' AND code = '03'), 'event', '0301', '施工扰民', '夜间（22 时至次日 6 时）未经许可施工，或施工噪声超标扰民', '施工停止或取得夜间施工许可，噪声达标', 'major', 'urgent', 'area_first', 1, 'natural_hours', 4, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '03'), 'event', '0302', '工地扬尘', '施工工地裸土未覆盖、未洒水降尘，扬尘明显', '落实覆盖、洒水等防尘措施，无明显扬尘', 'major', 'normal', 'area_first', 2, 'working_hours', 1, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '03'), 'event', '0303', '道路遗撒', '运输车辆遗撒渣土、砂石、泥浆，污染路面', '路面清理干净，遗撒车辆查处', 'major', 'urgent', 'area_first', 1, 'natural_hours', 4, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '03'), 'event', '0304', '施工废弃料', '施工废弃料堆放在施工区域以外', '废弃料清运完毕', 'major', 'normal', 'area_first', 2, 'working_hours', 2, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '03'), 'event', '0305', '施工占道', '施工超出批准范围占道，或未设围挡、警示标志', '恢复批准范围，围挡和警示标志齐全', 'major', 'normal', 'area_first', 2, 'working_hours', 2, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '03'), 'event', '0306', '违规装修', '住宅装修拆改承重结构、破坏外立面，或在禁止时段施工', '违规行为停止，恢复原状或整改到位', 'major', 'normal', 'area_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000);
INSERT INTO categories (parent_id, kind, code, name, register_rule, close_rule, triage, priority, responsibility,
    acknowledge_amount, acknowledge_unit, handle_amount, handle_unit, verify_amount, verify_unit, visit_amount, visit_unit,
    created_at, updated_at) VALUES
((SELECT id FROM categories WHERE kind = 'event' AND code = '04'), 'event', '0401', '路面塌陷', '道路路面塌陷、出现坑洞，影响通行安全', '现场围挡警示，塌陷修复，通行恢复', 'major', 'emergency', 'area_first', 1, 'natural_hours', 4, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '04'), 'event', '0402', '供水管道破裂', '供水管道破裂、跑水', '止水并修复，路面恢复', 'major', 'emergency', 'area_first', 1, 'natural_hours', 4, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '04'), 'event', '0403', '燃气泄漏', '燃气管道破损或闻到燃气泄漏气味', '切断气源，泄漏消除，管道修复', 'major', 'emergency', 'area_first', 1, 'natural_hours', 2, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '04'), 'event', '0404', '下水道堵塞或破损', '下水道堵塞、破损，污水外溢', '疏通或修复，无污水外溢', 'major', 'urgent', 'area_first', 1, 'natural_hours', 8, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '04'), 'event', '0405', '热力管道破裂', '供热管道破裂、漏水冒汽', '止漏并修复', 'major', 'emergency', 'area_first', 1, 'natural_hours', 4, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '04'), 'event', '0406', '积水/水位报警', '道路、下穿通道、小区低洼处积水深度超过 15 厘米，或水位监测设备报警', '积水排除，水位恢复正常，告警解除', 'major', 'emergency', 'area_first', 1, 'natural_hours', 4, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '04'), 'event', '0407', '道路积雪结冰', '道路、人行道积雪结冰，影响通行安全', '积雪清除或防滑处理到位', 'major', 'urgent', 'area_first', 1, 'natural_hours', 12, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '04'), 'event', '0408', '架空线缆损坏', '架空线缆断落、低垂或缠绕，危及安全', '线缆修复或规整，隐患消除', 'major', 'urgent', 'area_first', 1, 'natural_hours', 8, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '04'), 'event', '0409', '火灾', '建筑、车辆或露天场所起火', '明火扑灭，现场处置完毕', 'major', 'emergency', 'area_first', 1, 'natural_hours', 2, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '04'), 'event', '0410', '树木倒伏', '树木倒伏、断枝阻断道路或危及人员安全', '倒伏树木、断枝清理，通行恢复', 'major', 'urgent', 'area_first', 1, 'natural_hours', 4, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '04'), 'event', '0411', '高空坠物隐患', '外墙饰面、空调外机、广告牌等有坠落危险', '隐患排除，现场安全', 'major', 'urgent', 'area_first', 1, 'natural_hours', 24, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '04'), 'event', '0412', '电梯故障', '电梯停运、困人、运行异常，或电梯监测终端报警', '困人解救，故障排除，电梯经检查恢复运行', 'major', 'emergency', 'area_first', 1, 'natural_hours', 2, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '04'), 'event', '0413', '烟感报警', '独立式烟感探测器或消防监测设备报警', '现场核实，火情排除或确认误报，设备恢复正常', 'major', 'emergency', 'area_first', 1, 'natural_hours', 1, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000);
INSERT INTO categories (parent_id, kind, code, name, register_rule, close_rule, triage, priority, responsibility,
    acknowledge_amount, acknowledge_unit, handle_amount, handle_unit, verify_amount, verify_unit, visit_amount, visit_unit,
    created_at, updated_at) VALUES
((SELECT id FROM categories WHERE kind = 'event' AND code = '05'), 'event', '0501', '无照经营游商', '流动摊贩无照经营', '摊贩离开，现场恢复整洁', 'major', 'normal', 'area_first', 2, 'working_hours', 1, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '05'), 'event', '0502', '占道经营', '商户、摊贩占用道路、人行道经营', '占道物品撤除，通行恢复', 'major', 'normal', 'area_first', 2, 'working_hours', 5, 'working_hours', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '05'), 'event', '0503', '店外经营', '商户超出门窗、外墙经营或堆放物品', '回归店内经营，店外无堆放', 'major', 'normal', 'area_first', 2, 'working_hours', 1, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '05'), 'event', '0504', '流浪乞讨', '街面有流浪乞讨人员', '送救助站救助或劝离', 'major', 'normal', 'area_first', 2, 'working_hours', 1, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '05'), 'event', '0505', '机动车乱停放', '机动车在人行道、绿地或禁停区域停放', '车辆驶离或依法处理', 'major', 'normal', 'area_first', 2, 'working_hours', 5, 'working_hours', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '05'), 'event', '0506', '非机动车乱停放', '非机动车、共享单车无序停放，影响通行', '车辆规范摆放或清运', 'major', 'normal', 'area_first', 2, 'working_hours', 5, 'working_hours', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '05'), 'event', '0507', '噪声扰民', '商业经营、广场舞、娱乐等社会生活噪声扰民', '噪声停止或降至标准以内，双方认可', 'minor', 'normal', 'area_first', 2, 'working_hours', 1, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '05'), 'event', '0508', '露天烧烤', '在道路、广场等公共场所露天烧烤', '烧烤停止，现场清理', 'major', 'normal', 'area_first', 2, 'working_hours', 5, 'working_hours', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '05'), 'event', '0509', '废品收购占道', '废品收购点占道堆放、分拣', '占道物品清理，通行恢复', 'major', 'normal', 'area_first', 2, 'working_hours', 1, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '05'), 'event', '0510', '犬只扰民', '犬只未拴绳、吠叫扰民或粪便未清理', '饲养人整改到位', 'minor', 'normal', 'area_first', 2, 'working_hours', 2, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '05'), 'event', '0511', '占用消防通道', '消防车通道、楼道安全出口被车辆或杂物占用、堵塞，或监测设备报警', '占用车辆或物品移离，通道畅通', 'major', 'urgent', 'area_first', 1, 'natural_hours', 2, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'event' AND code = '05'), 'event', '0512', '邻里纠纷', '邻里之间因漏水、噪声、公共部位使用等发生纠纷', '双方达成一致，或调解终结并告知当事人', 'minor', 'normal', 'area_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000);
-- 12345 热线
INSERT INTO categories (parent_id, kind, code, name, register_rule, close_rule, triage, priority, responsibility,
    acknowledge_amount, acknowledge_unit, handle_amount, handle_unit, verify_amount, verify_unit, visit_amount, visit_unit,
    created_at, updated_at) VALUES
(NULL, 'hotline', '01', '咨询', '', '', 'major', 'normal', 'area_first', 0, '', 0, '', 0, '', 0, '', 1764633600000, 1764633600000),
(NULL, 'hotline', '02', '求助', '', '', 'major', 'normal', 'area_first', 0, '', 0, '', 0, '', 0, '', 1764633600000, 1764633600000),
(NULL, 'hotline', '03', '投诉', '', '', 'major', 'normal', 'area_first', 0, '', 0, '', 0, '', 0, '', 1764633600000, 1764633600000),
(NULL, 'hotline', '04', '举报', '', '', 'major', 'normal', 'area_first', 0, '', 0, '', 0, '', 0, '', 1764633600000, 1764633600000),
(NULL, 'hotline', '05', '建议', '', '', 'major', 'normal', 'area_first', 0, '', 0, '', 0, '', 0, '', 1764633600000, 1764633600000),
(NULL, 'hotline', '06', '表扬', '', '', 'major', 'normal', 'area_first', 0, '', 0, '', 0, '', 0, '', 1764633600000, 1764633600000);
INSERT INTO categories (parent_id, kind, code, name, register_rule, close_rule, triage, priority, responsibility,
    acknowledge_amount, acknowledge_unit, handle_amount, handle_unit, verify_amount, verify_unit, visit_amount, visit_unit,
    created_at, updated_at) VALUES
((SELECT id FROM categories WHERE kind = 'hotline' AND code = '01'), 'hotline', '0101', '政策咨询', '来电人询问政策、法规、办事依据', '已按政策答复来电人', 'major', 'normal', 'area_first', 2, 'working_hours', 3, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'hotline' AND code = '01'), 'hotline', '0102', '办事咨询', '来电人询问办事地点、材料、流程或进度', '已告知办理途径，来电人知晓', 'major', 'normal', 'area_first', 2, 'working_hours', 3, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'hotline' AND code = '01'), 'hotline', '0103', '家庭纠纷咨询', '来电人咨询婚姻、赡养、继承等家庭事务', '已告知调解、法律援助等途径', 'private', 'normal', 'area_first', 2, 'working_hours', 3, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'hotline' AND code = '01'), 'hotline', '0104', '法律咨询', '来电人咨询个人法律问题', '已告知公共法律服务途径', 'private', 'normal', 'area_first', 2, 'working_hours', 3, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000);
INSERT INTO categories (parent_id, kind, code, name, register_rule, close_rule, triage, priority, responsibility,
    acknowledge_amount, acknowledge_unit, handle_amount, handle_unit, verify_amount, verify_unit, visit_amount, visit_unit,
    created_at, updated_at) VALUES
((SELECT id FROM categories WHERE kind = 'hotline' AND code = '02'), 'hotline', '0201', '生活困难求助', '来电人因生活困难、疾病、灾害等请求救助', '已核实情况并落实救助或告知办理途径', 'major', 'normal', 'area_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'hotline' AND code = '02'), 'hotline', '0202', '紧急求助', '涉及人身、财产安全需立即处置的求助', '已到场处置，危险消除，来电人安全', 'major', 'emergency', 'area_first', 1, 'natural_hours', 4, 'natural_hours', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'hotline' AND code = '02'), 'hotline', '0203', '邻里互助求助', '老人、残疾人等请求社区或志愿者帮助', '已安排社区或志愿者提供帮助', 'minor', 'normal', 'area_first', 2, 'working_hours', 3, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000);
INSERT INTO categories (parent_id, kind, code, name, register_rule, close_rule, triage, priority, responsibility,
    acknowledge_amount, acknowledge_unit, handle_amount, handle_unit, verify_amount, verify_unit, visit_amount, visit_unit,
    created_at, updated_at) VALUES
((SELECT id FROM categories WHERE kind = 'hotline' AND code = '03'), 'hotline', '0301', '物业服务投诉', '对物业公司收费、服务质量、维修等的投诉', '已督促物业企业处理并答复来电人', 'private', 'normal', 'area_first', 2, 'working_hours', 10, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'hotline' AND code = '03'), 'hotline', '0302', '消费纠纷投诉', '购物、餐饮、服务等消费纠纷', '已告知或转交消费维权途径，或双方和解', 'private', 'normal', 'area_first', 2, 'working_hours', 15, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'hotline' AND code = '03'), 'hotline', '0303', '公共服务投诉', '对公共服务单位、窗口或工作人员的投诉', '已调查核实，处理结果答复来电人', 'major', 'normal', 'area_first', 2, 'working_hours', 15, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'hotline' AND code = '03'), 'hotline', '0304', '环境问题投诉', '对噪声、油烟、异味、污水等环境问题的投诉', '已查处或整改，答复来电人', 'major', 'normal', 'area_first', 2, 'working_hours', 15, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'hotline' AND code = '03'), 'hotline', '0305', '邻里矛盾投诉', '对邻里间漏水、占用公共部位、噪声等的投诉', '社区已调解，答复来电人', 'minor', 'normal', 'area_first', 2, 'working_hours', 10, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000);
INSERT INTO categories (parent_id, kind, code, name, register_rule, close_rule, triage, priority, responsibility,
    acknowledge_amount, acknowledge_unit, handle_amount, handle_unit, verify_amount, verify_unit, visit_amount, visit_unit,
    created_at, updated_at) VALUES
((SELECT id FROM categories WHERE kind = 'hotline' AND code = '04'), 'hotline', '0401', '违法建设举报', '举报违法建设、私搭乱建', '已核查，依法处理并答复举报人', 'major', 'normal', 'area_first', 2, 'working_hours', 15, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'hotline' AND code = '04'), 'hotline', '0402', '安全隐患举报', '举报消防、燃气、房屋等安全隐患', '已核查，隐患整改或消除，答复举报人', 'major', 'urgent', 'area_first', 1, 'natural_hours', 5, 'working_days', 4, 'natural_hours', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'hotline' AND code = '04'), 'hotline', '0403', '违法经营举报', '举报无证无照、违规经营等', '已核查，依法处理并答复举报人', 'major', 'normal', 'area_first', 2, 'working_hours', 15, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000);
INSERT INTO categories (parent_id, kind, code, name, register_rule, close_rule, triage, priority, responsibility,
    acknowledge_amount, acknowledge_unit, handle_amount, handle_unit, verify_amount, verify_unit, visit_amount, visit_unit,
    created_at, updated_at) VALUES
((SELECT id FROM categories WHERE kind = 'hotline' AND code = '05'), 'hotline', '0501', '城市管理建议', '对城市建设、管理、公共服务的意见建议', '已研究答复来电人', 'major', 'normal', 'area_first', 2, 'working_hours', 15, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000),
((SELECT id FROM categories WHERE kind = 'hotline' AND code = '05'), 'hotline', '0502', '社区治理建议', '对社区事务、公共空间、活动等的意见建议', '社区已研究并答复来电人', 'minor', 'normal', 'area_first', 2, 'working_hours', 15, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000);
INSERT INTO categories (parent_id, kind, code, name, register_rule, close_rule, triage, priority, responsibility,
    acknowledge_amount, acknowledge_unit, handle_amount, handle_unit, verify_amount, verify_unit, visit_amount, visit_unit,
    created_at, updated_at) VALUES
((SELECT id FROM categories WHERE kind = 'hotline' AND code = '06'), 'hotline', '0601', '表扬', '对单位或工作人员的表扬、感谢', '已转达被表扬单位或个人', 'major', 'normal', 'area_first', 2, 'working_hours', 5, 'working_days', 1, 'working_days', 1, 'working_days', 1764633600000, 1764633600000);
