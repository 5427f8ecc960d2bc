"""Every string the study interface and the commands show, in Simplified Chinese and English.

One catalogue keyed by message name, each entry holding both languages, so a message can
never exist in one language only. The domain below cannot import it: what it says (a store
failure, `quiz doctor`'s findings) comes as a `quiz.core.message.Message`, English naming its
key here, and `Messages.text` says it in the learner's language. The language comes from
`--lang`, else the config's `lang`, else the locale (LC_ALL › LC_MESSAGES › LANG: zh* →
Chinese, anything else → English). No Textual import: commands and tests use this too.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta

from quiz.core.message import Message, fill

LANGS = ("zh", "en")

CATALOGUE: dict[str, dict[str, str]] = {
    # -- the app ------------------------------------------------------------------------
    "app.title": {"zh": "quiz 时政刷题", "en": "quiz"},
    "app.ctrl_c": {"zh": "按 q 退出", "en": "Press q to quit"},
    "app.ctrl_c_typing": {"zh": "按 Esc 离开输入框，再按 q 离开",
                          "en": "Esc leaves the reply box, then q leaves"},
    "app.ctrl_c_exam": {"zh": "按 Esc 交卷，再按 q 离开",
                        "en": "Esc hands the exam in, then q leaves"},
    "serve.ended": {"zh": "本次会话已结束。", "en": "This session has ended."},
    "serve.again": {"zh": "重新开始", "en": "Start again"},
    "app.future_answers": {"zh": "晚于今天的作答（时钟曾被调快）：{count} 次，不计入今天的限额",
                           "en": "Answers dated after today (clock set ahead): {count}; "
                                 "today's limits leave them out"},

    # -- key descriptions (footer and help) ---------------------------------------------
    "key.study": {"zh": "学习", "en": "Study"},
    "key.exam": {"zh": "考试", "en": "Exam"},
    "key.stats": {"zh": "统计", "en": "Statistics"},
    "key.help": {"zh": "帮助", "en": "Help"},
    "key.quit": {"zh": "退出", "en": "Quit"},
    "key.back": {"zh": "返回", "en": "Back"},
    "key.leave": {"zh": "离开", "en": "Leave"},
    "key.reveal": {"zh": "显示答案", "en": "Show answer"},
    "key.accept": {"zh": "确认", "en": "Accept"},
    "key.accept_grade": {"zh": "确认（{grade}）", "en": "Accept ({grade})"},
    "key.grade": {"zh": "评分", "en": "Grade"},
    "key.choose": {"zh": "选择", "en": "Choose"},
    "key.type": {"zh": "作答", "en": "Answer"},
    "key.check": {"zh": "核对", "en": "Check"},
    "key.submit": {"zh": "提交", "en": "Submit"},
    "key.blur": {"zh": "离开输入框", "en": "Leave the box"},
    "key.undo": {"zh": "撤销", "en": "Undo"},
    "key.bury": {"zh": "搁置", "en": "Bury"},
    "key.suspend": {"zh": "暂停", "en": "Suspend"},
    "key.source": {"zh": "原文", "en": "Source"},
    "key.skip": {"zh": "跳过", "en": "Skip"},
    "key.finish": {"zh": "交卷", "en": "Finish"},
    "key.review": {"zh": "错题复习", "en": "Review mistakes"},
    "key.cancel": {"zh": "取消", "en": "Cancel"},
    "key.close": {"zh": "关闭", "en": "Close"},
    "key.retry": {"zh": "重试", "en": "Retry"},
    "key.yes": {"zh": "是", "en": "Yes"},
    "key.no": {"zh": "否", "en": "No"},
    "key.start": {"zh": "开始", "en": "Start"},
    "key.suspended": {"zh": "已暂停", "en": "Suspended"},
    "key.restore": {"zh": "恢复", "en": "Restore"},
    "key.restore_all": {"zh": "全部恢复", "en": "Restore all"},

    # -- grades (as Chinese Anki users know them) ---------------------------------------
    "grade.1": {"zh": "再来", "en": "Again"},
    "grade.2": {"zh": "困难", "en": "Hard"},
    "grade.3": {"zh": "良好", "en": "Good"},
    "grade.4": {"zh": "简单", "en": "Easy"},

    # -- home -----------------------------------------------------------------------------
    "home.col.deck": {"zh": "牌组", "en": "Deck"},
    "home.col.new": {"zh": "新卡", "en": "New"},
    "home.col.learning": {"zh": "学习中", "en": "Learn"},
    "home.col.due": {"zh": "待复习", "en": "Due"},
    "home.col.total": {"zh": "总数", "en": "Total"},
    "home.all": {"zh": "全部牌组", "en": "All decks"},
    "home.no_decks": {"zh": "没有找到牌组。把 YAML 牌组放进 ./decks，或用 --decks 指定路径。",
                      "en": "No decks found. Put YAML decks in ./decks or pass --decks PATH."},
    "home.problems": {"zh": "牌组文件有 {count} 处错误，出错的卡片不参加学习"
                            "（运行 quiz check 查看）",
                      "en": "{count} error in the deck files; cards with errors are left out "
                            "(run quiz check)|{count} errors in the deck files; cards with "
                            "errors are left out (run quiz check)"},

    # -- quiz plan ------------------------------------------------------------------------
    "plan.heading": {"zh": "{name} · {date} · 还有 {count} 天",
                     "en": "{name} · {date} · {count} day left|{name} · {date} · {count} days "
                           "left"},
    "plan.col.deck": {"zh": "牌组", "en": "deck"},
    "plan.col.cards": {"zh": "卡片", "en": "cards"},
    "plan.col.unseen": {"zh": "未学", "en": "never studied"},
    "plan.col.readiness": {"zh": "备考度", "en": "readiness"},
    "plan.col.new": {"zh": "每天新卡", "en": "new/day"},
    "plan.col.reviews": {"zh": "每天复习", "en": "reviews/day"},
    "plan.total": {"zh": "合计", "en": "total"},
    "plan.on_track": {"zh": "进度正常", "en": "on track"},
    "plan.behind": {"zh": "落后：从今天起每天学 {count} 张新卡可以赶上",
                    "en": "behind: {count} new card a day from today catches up|behind: {count} "
                          "new cards a day from today catches up"},
    "plan.behind_late": {"zh": "落后：从今天起每天学 {count} 张新卡，考前可以学完所有卡片",
                         "en": "behind: {count} new card a day from today sees every card before "
                               "the exam|behind: {count} new cards a day from today sees every "
                               "card before the exam"},
    "plan.past": {"zh": "{name} · {date} · 已过", "en": "{name} · {date} · past"},
    "plan.moved": {"zh": "{count} 张卡片原定在考试之后复习，已移到考前",
                   "en": "{count} card scheduled past an exam was moved before it|{count} cards "
                         "scheduled past an exam were moved before it"},
    "plan.saved": {"zh": "考试 {name}（{date}）已写入 config.toml",
                   "en": "exam {name} ({date}) written to config.toml"},

    "home.exam": {"zh": "{name} · {date} · 还有 {count} 天",
                  "en": "{name} · {date} · {count} day left|{name} · {date} · {count} days left"},
    "home.readiness": {"zh": "备考度 {readiness}", "en": "readiness {readiness}"},

    # -- suspended cards (from the deck list) ----------------------------------------------
    "suspended.heading": {"zh": "已暂停的卡片 · {title}", "en": "Suspended cards · {title}"},
    "suspended.col.card": {"zh": "卡片", "en": "Card"},
    "suspended.col.question": {"zh": "问题", "en": "Question"},
    "suspended.none": {"zh": "这里没有暂停的卡片。", "en": "No suspended cards here."},
    "suspended.hint": {"zh": "恢复的卡片带着原来的复习计划回到学习中",
                       "en": "A restored card is studied again with the schedule it had"},
    "suspended.restored": {"zh": "已恢复：{card}", "en": "Restored: {card}"},
    "suspended.restored_all": {"zh": "已恢复 {count} 张卡片",
                               "en": "Restored {count} card|Restored {count} cards"},
    "suspended.confirm_all": {"zh": "恢复这里列出的全部 {count} 张卡片？按 y 恢复，其他键取消。",
                              "en": "Restore the {count} card listed? y restores it, any other "
                                    "key keeps it suspended.|Restore all {count} cards listed? "
                                    "y restores them, any other key keeps them suspended."},

    # -- quiz due -------------------------------------------------------------------------
    "try.right": {"zh": "对", "en": "right"},
    "try.wrong": {"zh": "错", "en": "wrong"},
    "try.verdict": {"zh": "{verdict} · {rule}：{reason}", "en": "{verdict} · {rule}: {reason}"},
    "try.gap": {"zh": "  第 {number} 空：{verdict} · {rule}：{reason}（应为 {expected}）",
                "en": "  gap {number}: {verdict} · {rule}: {reason} (expected {expected})"},
    "try.expected": {"zh": "答案：{expected}", "en": "expected: {expected}"},
    "due.new": {"zh": "新卡", "en": "new"},
    "due.learning": {"zh": "学习中", "en": "learning"},
    "due.due": {"zh": "待复习", "en": "due"},
    "due.total": {"zh": "合计", "en": "total"},
    "due.nothing": {"zh": "现在没有要学习的卡片", "en": "nothing to study now"},
    "due.next": {"zh": "下一张：{card}：{question}", "en": "next: {card}: {question}"},

    # -- quiz show ------------------------------------------------------------------------
    "show.q": {"zh": "问", "en": "Q"},
    "show.a": {"zh": "答", "en": "A"},
    "show.accepted": {"zh": "也可以答：{answers}", "en": "also accepted: {answers}"},
    "show.tags": {"zh": "标签：{tags}", "en": "tags: {tags}"},
    "show.valid_until": {"zh": "有效期至 {date}", "en": "valid until {date}"},
    "show.supersedes": {"zh": "取代 {card}", "en": "supersedes {card}"},
    "show.as_of": {"zh": "截至 {date}", "en": "as of {date}"},
    "show.related": {"zh": "{deck}：{count} 对卡片；前一张显示了后一张的全部答案，"
                           "前一张出现后，后一张当天不再出现",
                     "en": "{deck}: {count} give-away pair; the first card shows the second's "
                           "whole answer, so once it is shown the second is not asked that "
                           "day|{deck}: {count} give-away pairs; the first card shows the "
                           "second's whole answer, so once it is shown the second is not "
                           "asked that day"},
    "show.pair": {"zh": "{giver} → {given}：{where}", "en": "{giver} → {given}: {where}"},
    "show.same_quote": {"zh": "同一句原文 (quote)", "en": "the same quote (quote)"},
    "show.related_none": {"zh": "{deck}：没有一张卡片显示另一张的全部答案",
                          "en": "{deck}: no give-away pairs; no card shows another's whole "
                                "answer"},
    "show.cards": {"zh": "{count} 张卡片", "en": "{count} card|{count} cards"},
    "show.some_cards": {"zh": "{count} 张中的 {shown} 张", "en": "{shown} of {count} cards"},
    "show.errors": {"zh": "警告：{path} 有 {count} 处错误；出错的卡片不显示（见 quiz check）",
                    "en": "warning: {path} has {count} error; cards with errors are not shown "
                          "(see 'quiz check')|warning: {path} has {count} errors; cards with "
                          "errors are not shown (see 'quiz check')"},

    # -- quiz check -----------------------------------------------------------------------
    "check.files": {"zh": "{count} 个牌组文件", "en": "{count} deck file|{count} deck files"},
    "check.cards": {"zh": "{count} 张卡片", "en": "{count} card|{count} cards"},
    "check.errors": {"zh": "{count} 处错误", "en": "{count} error|{count} errors"},
    "check.warnings": {"zh": "{count} 处警告", "en": "{count} warning|{count} warnings"},
    "check.checked": {"zh": "{files}，{cards}", "en": "{files}, {cards}"},
    "check.clean": {"zh": "{checked}：没有问题", "en": "{checked}: no problems"},
    "check.problems": {"zh": "{checked}：{errors}，{warnings}",
                       "en": "{checked}: {errors}, {warnings}"},
    "check.give_away": {"zh": "{summary}；{count} 对卡片一张显示了另一张的答案"
                              "（见 quiz show 牌组 --related）",
                        "en": "{summary}; {count} give-away pair (see quiz show DECK "
                              "--related)|{summary}; {count} give-away pairs (see quiz show "
                              "DECK --related)"},
    "check.progress": {"zh": "正在检查牌组", "en": "checking decks"},
    "check.watching": {"zh": "-- 正在监视 {count} 个文件的改动（Ctrl-C 停止）--",
                       "en": "-- watching {count} file for changes (Ctrl-C to stop) --|"
                             "-- watching {count} files for changes (Ctrl-C to stop) --"},

    # -- quiz suspend, unsuspend, reset ---------------------------------------------------
    "cards.suspend": {"zh": "已暂停 {count} 张卡片", "en": "suspended {count} card|"
                                                     "suspended {count} cards"},
    "cards.unsuspend": {"zh": "已恢复 {count} 张卡片", "en": "unsuspended {count} card|"
                                                       "unsuspended {count} cards"},
    "cards.reset": {"zh": "已重置 {count} 张卡片", "en": "reset {count} card|reset {count} cards"},
    "cards.of_named": {"zh": "（共指定 {count} 张）", "en": " (of {count} named)"},

    # -- quiz orphans ---------------------------------------------------------------------
    "orphans.entries": {"zh": "{count} 条记录", "en": "{count} log entry|{count} log entries"},
    "orphans.last": {"zh": "，最近一次 {last}", "en": ", last {last}"},
    "orphans.never": {"zh": "从未", "en": "never"},
    "orphans.removed": {"zh": "已从牌组删除", "en": "removed from its deck"},
    "orphans.not_loaded": {"zh": "牌组未载入", "en": "deck not loaded"},
    "orphans.none": {"zh": "没有孤立的卡片", "en": "no orphaned cards"},
    "orphans.kept": {"zh": "{count} 张孤立的卡片；记录已保留（quiz orphans --prune 可删除）",
                     "en": "{count} orphaned card; its history is kept (quiz orphans --prune "
                           "deletes it)|{count} orphaned cards; their history is kept "
                           "(quiz orphans --prune deletes it)"},
    "orphans.nothing_to_prune": {"zh": "没有可清理的：这些孤立卡片的牌组未载入"
                                       "（加 --all 一并清理）",
                                 "en": "nothing to prune: the orphans' decks are not loaded "
                                       "(add --all to prune them)"},
    "orphans.confirm": {"zh": "删除 {count} 张卡片的记录？", "en": "Delete the history of "
                                                           "{count} card?|Delete the history "
                                                           "of {count} cards?"},
    "orphans.nothing_deleted": {"zh": "没有删除任何记录", "en": "nothing deleted"},
    "orphans.deleted": {"zh": "已删除 {count} 张卡片的记录",
                        "en": "deleted the history of {count} card|deleted the history of "
                              "{count} cards"},

    # -- files written ----------------------------------------------------------------------
    "files.wrote": {"zh": "已写入 {path}", "en": "wrote {path}"},
    "export.wrote": {"zh": "已写入 {path}：{decks}，{notes}", "en": "wrote {path}: {notes} in "
                                                               "{decks}"},
    "export.notes": {"zh": "{count} 条笔记", "en": "{count} note|{count} notes"},
    "export.decks": {"zh": "{count} 个牌组", "en": "{count} deck|{count} decks"},
    "import.wrote": {"zh": "已写入 {path}：{count} 张卡片", "en": "wrote {path}: {count} card|"
                                                            "wrote {path}: {count} cards"},

    # -- quiz log ---------------------------------------------------------------------------
    "log.wrote": {"zh": "已把 {shown} 条复习记录写入 {path}",
                  "en": "wrote {shown} review to {path}|wrote {shown} reviews to {path}"},
    "log.importing": {"zh": "正在导入到 {deck}", "en": "importing into {deck}"},
    "log.added": {"zh": "{path}：{shown} 条复习记录已加入牌组 {deck}；{present} 条原已存在",
                  "en": "{path}: added {shown} review to deck {deck}; {present} already there|"
                        "{path}: added {shown} reviews to deck {deck}; {present} already there"},
    "log.older": {"zh": "跳过 {shown} 条早于卡片已存记录的复习（记录不能在过去改写）",
                  "en": "skipped {shown} review older than its card's stored history (the log "
                        "cannot be rewritten in the past)|skipped {shown} reviews older than "
                        "their card's stored history (the log cannot be rewritten in the past)"},

    # -- quiz optimize ----------------------------------------------------------------------
    "optimize.progress": {"zh": "正在拟合", "en": "optimising"},
    "optimize.fitted": {"zh": "用 {backend} 拟合了 {cards} 张卡片的 {reviews} 条复习记录，"
                              "耗时 {seconds} 秒。",
                        "en": "Fitted to {reviews} reviews of {cards} cards with {backend} in "
                              "{seconds} s."},
    "optimize.heldout": {"zh": "留出检验：用按时间排序的前 80% 复习记录拟合，在其后 {count} 条"
                               "（距该卡片上次复习一天及以上的）复习上打分（越低越好）：",
                         "en": "Held-out check: fitted to the first 80% of reviews in time "
                               "order, scored on the\n{count} later reviews made a day or more "
                               "after the card's previous one (lower is better):"},
    "optimize.log_loss": {"zh": "对数损失", "en": "log loss"},
    "optimize.default": {"zh": "默认", "en": "default"},
    "optimize.personal": {"zh": "个人", "en": "personal"},
    "optimize.better": {"zh": "个人参数比默认参数更能预测你的记忆。",
                        "en": "Personal parameters predict your recall better than the "
                              "defaults."},
    "optimize.worse": {"zh": "个人参数并不比默认参数更能预测你的记忆：建议保留默认参数。",
                       "en": "Personal parameters do NOT predict your recall better than the "
                             "defaults: keeping the defaults is advised."},
    "optimize.costs": {"zh": "用你的参数时各目标保持率的代价（模拟：{cards} 张卡片，365 天）：",
                       "en": "What each desired retention costs with your parameters "
                             "(simulated: {cards} cards, 365 days):"},
    "optimize.col.retention": {"zh": "保持率", "en": "retention"},
    "optimize.col.reviews": {"zh": "每日复习", "en": "reviews/day"},
    "optimize.col.remembered": {"zh": "最终记住", "en": "remembered at the end"},
    "optimize.parameters": {"zh": "个人参数（用全部记录拟合）：",
                            "en": "Personal parameters (fitted to the whole log):"},
    "optimize.not_saved": {"zh": "未保存。运行 `quiz optimize --apply` 保存。",
                           "en": "Not saved. Run `quiz optimize --apply` to save them."},
    "optimize.saved": {"zh": "个人参数已保存到 {path}。",
                       "en": "Saved the personal parameters to {path}."},
    "optimize.confirm": {"zh": "保存到 {path}？", "en": "Save them to {path}?"},

    # -- study ----------------------------------------------------------------------------
    "study.progress": {"zh": "已完成 {done} · 剩余 {left} · 用时 {elapsed}",
                       "en": "{done} done · {left} left · {elapsed}"},
    "study.cram": {"zh": "突击复习 · 不改变复习计划", "en": "Cram · schedules unchanged"},
    "study.reveal_hint": {"zh": "按空格或回车显示答案", "en": "Space or Enter shows the answer"},
    "study.choose_hint": {"zh": "按 {keys} 选择", "en": "Press {keys} to choose"},
    "study.type_hint": {"zh": "输入答案后回车核对；Esc 离开输入框",
                        "en": "Type the answer, Enter checks it; Esc leaves the box"},
    "study.resume_hint": {"zh": "按回车回到输入框作答", "en": "Enter goes back to the reply box"},
    "study.type_placeholder": {"zh": "你的答案", "en": "Your answer"},
    "study.unit": {"zh": "单位：{unit}", "en": "unit: {unit}"},
    "study.answer": {"zh": "答案", "en": "Answer"},
    "study.explain": {"zh": "说明", "en": "Note"},
    "study.source": {"zh": "原文", "en": "Source"},
    "study.no_source": {"zh": "这张卡片没有原文摘录。", "en": "This card has no source quote."},
    "study.accept_hint": {"zh": "回车确认「{grade}」，按 1–4 改选",
                          "en": "Enter accepts {grade}; 1–4 picks another grade"},
    "study.leech": {"zh": "这张卡片屡次遗忘，已标为难记卡。可以按 ! 暂停它，或改写这张卡片。",
                    "en": "You keep forgetting this card; it is now a leech. "
                          "Press ! to suspend it, or rewrite it."},
    "study.buried": {"zh": "已搁置到明天", "en": "Buried until tomorrow"},
    "study.suspended": {"zh": "已暂停这张卡片", "en": "Card suspended"},
    "study.undone": {"zh": "已撤销上一步", "en": "Last action undone"},
    "study.confirm_leave": {"zh": "现在离开？本轮还剩 {count}。按 y 离开，其他键继续。",
                            "en": "Leave now? {count} left in this session. "
                                  "y leaves, any other key goes on."},

    # -- plain mode (quiz study --plain, quiz exam --plain) -----------------------------------
    "plain.card": {"zh": "第 {n} 张 · 剩余 {left} · {deck}",
                   "en": "Card {n} · {left} left · {deck}"},
    "plain.question": {"zh": "问：{text}", "en": "Q: {text}"},
    "plain.reveal": {"zh": "回车显示答案（也可输入回答）：",
                     "en": "Enter shows the answer (or type a reply): "},
    "plain.reply": {"zh": "你的答案：", "en": "Your answer: "},
    "plain.choose": {"zh": "请选择（{keys}，或输入选项）：",
                     "en": "Your choice ({keys}, or the option's text): "},
    "plain.explain": {"zh": "说明：{text}", "en": "Note: {text}"},
    "plain.grade": {"zh": "评分 {grades}；回车即{suggested}：",
                    "en": "Grade {grades}; Enter = {suggested}: "},
    "plain.bad_grade": {"zh": "评分请输入 1、2、3 或 4；直接回车即采用建议的评分。",
                        "en": "A grade is 1, 2, 3 or 4; an empty line takes the suggested one."},
    "plain.graded": {"zh": "已记录：{grade} · {due}到期", "en": "Saved: {grade} · due {due}"},
    "plain.graded_cram": {"zh": "已记录：{grade}（突击复习，不改变复习计划）",
                          "en": "Saved: {grade} (cram: the schedule is unchanged)"},
    "plain.leech": {"zh": "这张卡片屡次遗忘，已标为难记卡。",
                    "en": "You keep forgetting this card; it is now a leech."},
    "plain.complete": {"zh": "本轮学习结束：共作答 {count} 次。",
                       "en": "Session complete: {count} answer.|"
                             "Session complete: {count} answers."},
    "plain.paused": {"zh": "学习暂停：共作答 {count} 次，还剩 {left}。",
                     "en": "Session paused: {count} answer, {left} left.|"
                           "Session paused: {count} answers, {left} left."},
    "plain.gaps": {"zh": "共 {count} 空，按顺序作答，用 {separator} 隔开",
                   "en": "{count} gaps: give them in order, separated by {separator}"},
    "plain.results": {"zh": "{heading}：{results}", "en": "{heading}: {results}"},
    "plain.exam_reply": {"zh": "你的答案（回车跳过）：", "en": "Your answer (Enter skips): "},
    "plain.exam_choose": {"zh": "请选择（{keys}；回车跳过）：",
                          "en": "Your choice ({keys}; Enter skips): "},

    # -- a write the store refused ----------------------------------------------------------
    "store.not_saved": {"zh": "未保存：{reason}", "en": "Not saved: {reason}"},
    "store.retry_hint": {"zh": "按 r 或回车重试，q 离开", "en": "r or Enter tries again; q leaves"},
    "store.exam_retry_hint": {"zh": "按 r 重试，q 离开（不交卷）",
                              "en": "r tries again; q leaves without handing in"},

    # -- verdicts ---------------------------------------------------------------------------
    "verdict.correct": {"zh": "✓ 正确", "en": "✓ Correct"},
    "verdict.wrong": {"zh": "✗ 不正确", "en": "✗ Not quite"},
    "verdict.empty": {"zh": "✗ 未作答", "en": "✗ No answer"},
    "verdict.expected": {"zh": "正确答案：{expected}", "en": "Answer: {expected}"},
    "verdict.reply": {"zh": "你的答案：{reply}", "en": "Your answer: {reply}"},

    # -- summary ----------------------------------------------------------------------------
    "summary.heading": {"zh": "本轮学习结束", "en": "Session complete"},
    "summary.paused": {"zh": "学习暂停：还剩 {left}", "en": "Session paused: {left} left"},
    "summary.nothing": {"zh": "现在没有要学习的卡片。", "en": "Nothing to study right now."},
    "summary.studied": {"zh": "学习卡片", "en": "Cards studied"},
    "summary.accuracy": {"zh": "正确率", "en": "Accuracy"},
    "summary.time": {"zh": "用时", "en": "Time"},
    "summary.next_due": {"zh": "下一张到期", "en": "Next card due"},
    "summary.due_in": {"zh": "{interval} 后", "en": "in {interval}"},
    "summary.due_now": {"zh": "现在", "en": "now"},
    "summary.none_due": {"zh": "暂无", "en": "none scheduled"},
    "summary.due_tomorrow": {"zh": "明天到期", "en": "Due tomorrow"},
    "summary.leeches": {"zh": "新的难记卡", "en": "New leeches"},
    "summary.passed": {"zh": "{passed}/{answers} 答对",
                       "en": "{passed} of {answers} answers passed"},

    # -- exam ---------------------------------------------------------------------------------
    "exam.heading": {"zh": "模拟考试", "en": "Practice exam"},
    "exam.question": {"zh": "第 {n}/{total} 题", "en": "Question {n}/{total}"},
    "exam.time_left": {"zh": "剩余 {time}", "en": "{time} left"},
    "exam.untimed": {"zh": "不限时", "en": "untimed"},
    "exam.choose_hint": {"zh": "按 {keys} 作答，n 跳过", "en": "Press {keys} to answer, n skips"},
    "exam.type_hint": {"zh": "输入答案后回车；留空回车即跳过",
                       "en": "Type the answer and press Enter; Enter on an empty box skips"},
    "exam.gaps_hint": {"zh": "共 {count} 空，按顺序作答，用 {separator} 隔开；"
                             "回车提交，留空回车即跳过",
                       "en": "{count} gaps: type them in order, separated by {separator}; "
                             "Enter submits, Enter on an empty box skips"},
    "exam.setup": {"zh": "开始考试：{decks}", "en": "Start an exam: {decks}"},
    "exam.setup_hint": {"zh": "回车开始 · Tab 切换 · Esc 取消",
                        "en": "Enter starts · Tab moves · Esc cancels"},
    "exam.count": {"zh": "题数", "en": "Questions"},
    "exam.minutes": {"zh": "限时（分钟，留空不限时）", "en": "Minutes (empty for untimed)"},
    "exam.bad_count": {"zh": "题数须为正整数", "en": "The number of questions must be a "
                                                 "whole number above 0"},
    "exam.bad_minutes": {"zh": "限时须为正数或留空", "en": "Minutes must be a number above "
                                                     "0, or empty"},
    "exam.confirm_finish": {"zh": "现在交卷？未答的题按错题计。按 y 交卷，其他键继续。",
                            "en": "Finish now? Unanswered questions count as wrong. "
                                  "y finishes, any other key goes on."},

    # -- exam report ----------------------------------------------------------------------------
    "report.heading": {"zh": "考试成绩", "en": "Exam report"},
    "report.score": {"zh": "得分 {score}", "en": "Score {score}"},
    "report.correct": {"zh": "答对 {correct}/{total} · 作答 {answered} · 用时 {time}",
                       "en": "{correct}/{total} correct · {answered} answered · {time}"},
    "report.gaps": {"zh": "填空题共 {asked} 空，答对 {right} 空",
                    "en": "Cloze gaps: {right}/{asked} right"},
    "report.mistake_gaps": {"zh": "（{right}/{asked} 空答对）",
                            "en": " ({right}/{asked} gaps right)"},
    "report.gap": {"zh": "第 {number} 空 {mark} {reply} · 正确答案：{expected}",
                   "en": "Gap {number} {mark} {reply} · answer: {expected}"},
    "report.timed_out": {"zh": "时间到，已自动交卷", "en": "Time ran out; the exam was "
                                                    "handed in"},
    "report.by_deck": {"zh": "按牌组", "en": "By deck"},
    "report.by_tag": {"zh": "按标签", "en": "By tag"},
    "report.mistakes": {"zh": "错题 {count}", "en": "Mistakes ({count})"},
    "report.no_mistakes": {"zh": "全部答对！", "en": "No mistakes!"},
    "report.unanswered": {"zh": "（未作答）", "en": "(no answer)"},
    "report.sent": {"zh": "{count} 道错题已加入复习", "en": "{count} mistakes sent to review"},

    # -- help -------------------------------------------------------------------------------------
    "help.heading": {"zh": "按键说明", "en": "Keys"},
    "help.home": {"zh": "牌组列表", "en": "Deck list"},
    "help.study": {"zh": "学习", "en": "Studying"},
    "help.exam": {"zh": "考试", "en": "Exam"},
    "help.report": {"zh": "考试成绩", "en": "Exam report"},
    "help.move": {"zh": "上下移动", "en": "Move up and down"},
    "help.grades": {"zh": "再来 / 困难 / 良好 / 简单", "en": "Again / Hard / Good / Easy"},
    "help.typed": {"zh": "输入题：输入后回车核对，回车确认建议评分或按 1–4 改选",
                   "en": "Typed cards: Enter checks the reply; Enter accepts the suggested "
                         "grade, 1–4 override it"},
    "help.choice": {"zh": "选择题：按字母（大小写均可）选择，之后回车确认或按 1–4 改选",
                    "en": "Choice cards: press a letter (either case), then Enter accepts or "
                          "1–4 override"},
    "help.accept": {"zh": "确认按键栏上写明的评分：良好，答错时为再来",
                    "en": "Accept the grade the key bar names: Good, or Again after a wrong "
                          "reply"},
    "help.blur": {"zh": "离开输入框（回车回到输入框）", "en": "Leave the reply box (Enter goes "
                                                        "back to it)"},
    "help.leave": {"zh": "离开（还有卡片时先确认）", "en": "Leave (asks first while cards are "
                                                   "left)"},
    "help.bury": {"zh": "搁置到明天（选择题作答前 b 是选项 b，请按 -）",
                  "en": "Bury until tomorrow (before a choice card is answered, b picks "
                        "option b: use -)"},
    "help.suspended": {"zh": "已暂停的卡片", "en": "Suspended cards"},
    "help.suspended_list": {"zh": "列出所选牌组里暂停的卡片，可以恢复",
                            "en": "List the chosen deck's suspended cards, to restore them"},
    "help.restore": {"zh": "恢复所选的卡片（它离开列表）",
                     "en": "Restore the chosen card (it leaves the list)"},
    "help.restore_all": {"zh": "恢复列出的全部卡片（先确认）",
                         "en": "Restore every card listed (asks first)"},
    "help.saved": {"zh": "每次评分都会立即保存，随时可以离开。",
                   "en": "Every grade is saved at once; leave whenever you like."},
    "help.close": {"zh": "↑ ↓ 滚动 · 按 Esc、q 或 ? 关闭",
                   "en": "↑ ↓ scroll · Esc, q or ? closes this"},

    # -- statistics -------------------------------------------------------------------------------
    "key.cram": {"zh": "突击复习", "en": "Cram"},
    "key.tabs": {"zh": "切换页", "en": "Pages"},
    "help.stats": {"zh": "统计", "en": "Statistics"},
    "help.tabs": {"zh": "切换统计页（也可按 1–6）", "en": "Switch pages (or press 1–6)"},
    "help.weak": {"zh": "薄弱卡片：回车查看一张卡片的记录，c 突击复习这一组",
                  "en": "Weak cards: Enter shows a card's history, c crams the list"},
    "stats.heading": {"zh": "学习统计 · {date}", "en": "Statistics · {date}"},
    "stats.tab.overview": {"zh": "概览", "en": "Overview"},
    "stats.tab.forecast": {"zh": "到期预测", "en": "Forecast"},
    "stats.tab.reviews": {"zh": "复习记录", "en": "Reviews"},
    "stats.tab.retention": {"zh": "记忆保持", "en": "Retention"},
    "stats.tab.weak": {"zh": "薄弱卡片", "en": "Weak cards"},
    "stats.tab.exams": {"zh": "考试", "en": "Exams"},
    "stats.tab.plan": {"zh": "备考", "en": "Exam plan"},
    "stats.plan_heading": {"zh": "{name} · {date} · 还有 {count} 天",
                           "en": "{name} · {date} · {count} day left|{name} · {date} · {count} "
                                 "days left"},
    "stats.plan_curve": {"zh": "每天的预计记忆（%），直到考试",
                         "en": "Expected recall each day to the exam (%)"},
    "stats.plan_reviews": {"zh": "预计每天复习（平均 {average}）",
                           "en": "Expected reviews a day (average {average})"},
    "stats.col.young": {"zh": "年轻", "en": "Young"},
    "stats.col.mature": {"zh": "成熟", "en": "Mature"},
    "stats.col.suspended": {"zh": "暂停", "en": "Susp"},
    "stats.col.leeches": {"zh": "难记", "en": "Leech"},
    "stats.col.today": {"zh": "今天", "en": "Today"},
    "stats.col.tomorrow": {"zh": "明天", "en": "Tmrw"},
    "stats.col.week": {"zh": "7天", "en": "Week"},
    "stats.due": {"zh": "到期：今天 {today} · 明天 {tomorrow} · 7 天内 {week}",
                  "en": "Due: today {today} · tomorrow {tomorrow} · 7 days {week}"},
    "stats.streak": {"zh": "连续学习 {current} 天（最长 {longest} 天）",
                     "en": "Streak: {current} days (longest {longest})"},
    "stats.retention_month": {"zh": "近 30 天真实保持率 {rate}（目标 {desired}）",
                              "en": "True retention, 30 days: {rate} (target {desired})"},
    "stats.recall": {"zh": "当前平均记忆概率 {average} · {below}/{cards} 张低于目标",
                     "en": "Recall now: {average} on average · {below} of {cards} cards below "
                           "the target"},
    "stats.spark_forecast": {"zh": "未来 30 天到期", "en": "Due, next 30 days"},
    "stats.spark_reviews": {"zh": "近 30 天作答", "en": "Answers, last 30 days"},
    "stats.forecast_heading": {"zh": "未来 30 天每天到期的卡片",
                               "en": "Cards due on each of the next 30 days"},
    "stats.forecast_load": {"zh": "日均 {average} 张 · 最多 {peak} 张",
                            "en": "{average} a day on average · at most {peak}"},
    "stats.axis_today": {"zh": "今天", "en": "today"},
    "stats.axis_days": {"zh": "+{days}天", "en": "+{days}d"},
    "stats.reviews_heading": {"zh": "过去一年每天的作答次数", "en": "Answers per day, last year"},
    "stats.reviews_total": {"zh": "{answers} 次作答 · {days} 天有学习 · 用时 {time}",
                            "en": "{answers} answers · {days} days studied · {time} answering"},
    "stats.hours": {"zh": "{hours}小时{minutes}分", "en": "{hours} h {minutes} min"},
    "stats.time_heading": {"zh": "近 30 天每天用时（最多 {peak}）",
                           "en": "Time per day, last 30 days (at most {peak})"},
    "stats.months": {"zh": "1月 2月 3月 4月 5月 6月 7月 8月 9月 10月 11月 12月",
                     "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"},
    "stats.weekdays": {"zh": "一 二 三 四 五 六 日", "en": "Mon Tue Wed Thu Fri Sat Sun"},
    "stats.retention_heading": {"zh": "真实保持率：复习卡作答中答对（困难及以上）的比例，"
                                      "目标 {desired}",
                                "en": "True retention: review answers passed (Hard or better); "
                                      "target {desired}"},
    "stats.period.today": {"zh": "今天", "en": "Today"},
    "stats.period.week": {"zh": "7 天", "en": "7 days"},
    "stats.period.month": {"zh": "30 天", "en": "30 days"},
    "stats.period.year": {"zh": "一年", "en": "Year"},
    "stats.col.period": {"zh": "时段", "en": "Period"},
    "stats.col.all": {"zh": "合计", "en": "All"},
    "stats.weak.lapses": {"zh": "遗忘最多", "en": "Most lapses"},
    "stats.weak.leeches": {"zh": "难记卡", "en": "Leeches"},
    "stats.weak.retrievability": {"zh": "记忆概率最低", "en": "Lowest recall"},
    "stats.weak.slowest": {"zh": "作答最慢（近 30 天）", "en": "Slowest answers (30 days)"},
    "stats.weak.none": {"zh": "暂无", "en": "None"},
    "stats.col.card": {"zh": "卡片", "en": "Card"},
    "stats.col.lapses": {"zh": "遗忘", "en": "Lapses"},
    "stats.col.recall": {"zh": "记忆", "en": "Recall"},
    "stats.col.time": {"zh": "用时", "en": "Time"},
    "stats.cram_title": {"zh": "薄弱卡片 · {list}", "en": "Weak cards · {list}"},
    "stats.exams_heading": {"zh": "{count} 次考试 · 最近 {last} · 最好 {best}",
                            "en": "{count} exams · last {last} · best {best}"},
    "stats.no_exams": {"zh": "还没有考试记录。", "en": "No exams yet."},
    "stats.year": {"zh": "过去一年", "en": "Last year"},
    "stats.forecast_line": {"zh": "{days} 天，日均 {average} 张，最多 {peak} 张",
                            "en": "{days} days, {average}/day, peak {peak}"},
    "stats.recent_line": {"zh": "近 {days} 天，最多 {peak} 次", "en": "last {days} days, "
                                                               "peak {peak}"},
    "stats.retention_title": {"zh": "真实保持率（目标 {desired}）",
                              "en": "True retention (desired {desired})"},
    "stats.by_deck_tag": {"zh": "按牌组 / 标签", "en": "By deck / tag"},
    "stats.correct": {"zh": "答对", "en": "Correct"},
    "history.heading": {"zh": "学习记录 · {card}", "en": "History · {card}"},
    "history.state": {"zh": "{phase} · 到期 {due} · 复习 {reps} 次 · 遗忘 {lapses} 次",
                      "en": "{phase} · due {due} · {reps} reviews · {lapses} lapses"},
    "history.memory": {"zh": "记忆概率 {recall} · 稳定性 {stability} 天",
                       "en": "Recall {recall} · stability {stability} days"},
    "history.suspended": {"zh": "已暂停", "en": "suspended"},
    "history.leech": {"zh": "难记卡", "en": "leech"},
    "history.phase.new": {"zh": "新卡", "en": "New"},
    "history.phase.learning": {"zh": "学习中", "en": "Learning"},
    "history.phase.review": {"zh": "复习中", "en": "Review"},
    "history.phase.relearning": {"zh": "重新学习", "en": "Relearning"},
    "history.kind.study": {"zh": "学习", "en": "study"},
    "history.kind.cram": {"zh": "突击", "en": "cram"},
    "history.kind.reset": {"zh": "重置", "en": "reset"},
    "history.kind.manual": {"zh": "加入复习", "en": "to review"},
    "history.kind.moved": {"zh": "移到考前", "en": "moved before exam"},
    "history.kind.exam": {"zh": "考试", "en": "exam"},
    "history.col.time": {"zh": "时间", "en": "Time"},
    "history.col.kind": {"zh": "方式", "en": "Kind"},
    "history.col.grade": {"zh": "评分", "en": "Grade"},
    "history.col.how": {"zh": "作答", "en": "How"},
    "history.col.reply": {"zh": "回答", "en": "Reply"},
    "history.how.self": {"zh": "自评", "en": "self"},
    "history.how.typed": {"zh": "输入", "en": "typed"},
    "history.how.choice": {"zh": "选择", "en": "choice"},
    "history.col.seconds": {"zh": "秒", "en": "Secs"},
    "history.col.interval": {"zh": "间隔", "en": "Interval"},
    "history.correct": {"zh": "答对", "en": "right"},
    "history.wrong": {"zh": "答错", "en": "wrong"},
    "history.hint": {"zh": "按 c 突击复习这张卡片，Esc 关闭",
                     "en": "c crams this card; Esc closes"},
    "history.never": {"zh": "这张卡片还没有作答过。", "en": "This card has never been answered."},

    # -- the commands' own lines ------------------------------------------------------------
    "due.future": {"zh": "警告：{shown} 次作答的日期晚于今天（作答时时钟被调快了），"
                         "不计入今天的限额",
                   "en": "warning: {shown} answer is dated after today (the clock was set ahead "
                         "when it was given); it does not count against today's limits|warning: "
                         "{shown} answers are dated after today (the clock was set ahead when "
                         "they were given); they do not count against today's limits"},
    "plan.no_exam": {"zh": "没有设定考试：在 config.toml 里加一个 [[exam]] 表，或用 --exam 日期"
                           "（见 quiz plan --help）",
                     "en": "no exam is set: add an [[exam]] table to config.toml, or give --exam "
                           "DATE (see quiz plan --help)"},
    "plan.unknown_decks": {"zh": "警告：考试“{name}”列出的牌组都没有载入：{decks}",
                           "en": "warning: exam '{name}' names decks no loaded deck has: {decks}"},
    "plan.progress": {"zh": "正在计算备考计划", "en": "planning"},
    # A space after the URL: a terminal takes what follows up to a space as part of a link.
    "serve.open": {"zh": "quiz serve：在浏览器中打开 {url} （按 Ctrl+C 停止）",
                   "en": "quiz serve: open {url} in a browser (Ctrl+C stops)"},
    "serve.cannot_listen": {"zh": "无法在 {host} 的 {port} 端口监听：{detail}",
                            "en": "cannot listen on {host} port {port}: {detail}"},
    "export.unreadable": {"zh": "{name} 不是可读的牌组；见 quiz check {name}",
                          "en": "{name} is not a readable deck; see 'quiz check {name}'"},
    "export.has_errors": {"zh": "牌组 {deck} 有错误；请先改正再导出",
                          "en": "deck '{deck}' has errors; fix them before exporting"},
    "import.problems": {"zh": "{source} 有 {count} 处问题；没有写入任何文件",
                        "en": "{count} problem in {source}; nothing written|{count} problems in "
                              "{source}; nothing written"},
    "import.too_big": {"zh": "{source} 生成的牌组会超过牌组文件的上限 {limit} MiB"
                             "（{cards} 张卡片）；请把导出文件拆开；没有写入任何文件",
                       "en": "{source} would make a deck over {limit} MiB ({cards} cards), the "
                             "limit for deck files; split the export; nothing written"},
    "new.no_text": {"zh": "{source} 没有可供卡片引用的文字；没有写入任何文件",
                    "en": "{source} has no text for a card to quote; nothing written"},
    "draft.nothing": {"zh": "在 {source} 中没有找到数字、日期或机构名称；没有起草任何卡片",
                      "en": "found no figures, dates or named bodies in {source}; nothing drafted"},
    "orphans.errors": {"zh": "不清理：牌组文件有 {count} 处错误（见 quiz check），"
                             "出错的卡片不会载入，会被当成已删除的卡片",
                       "en": "not pruning: the deck files have {count} error (see 'quiz check'), "
                             "and a card with an error is not loaded, so it would be taken for a "
                             "deleted one|not pruning: the deck files have {count} errors (see "
                             "'quiz check'), and a card with an error is not loaded, so it would "
                             "be taken for a deleted one"},
    "doctor.line": {"zh": "{path}：{verdict}", "en": "{path}: {verdict}"},
    "doctor.line_facts": {"zh": "{path}：{verdict}（{facts}）",
                          "en": "{path}: {verdict} ({facts})"},
    "doctor.verdict.sound": {"zh": "完好", "en": "sound"},
    "doctor.verdict.missing": {"zh": "尚未创建", "en": "missing"},
    "doctor.verdict.damaged": {"zh": "已损坏", "en": "damaged"},
    "doctor.verdict.unusable": {"zh": "无法使用", "en": "unusable"},
    "doctor.what_to_do": {"zh": "怎么办：", "en": "what to do:"},

    # -- what the domain says (quiz.core.message: each English here is also the domain's) -----
    "store.damaged": {"zh": "{path} 已损坏（{detail}），已原样保留：请恢复备份（quiz backup 写的，"
                            "或升级时留下的 quiz.db.bak-v*），或把它移走；quiz doctor 会说明更多",
                      "en": "{path} is damaged ({detail}); it was left as it is: restore a backup "
                            "(one written by `quiz backup`, or quiz.db.bak-v* from an upgrade) or "
                            "move it away; `quiz doctor` says more"},
    "store.unknown_version": {"zh": "{path} 的存储版本（{version}）不是任何 quiz 会写的，"
                                    "已原样保留：请恢复备份（quiz backup 写的，"
                                    "或升级时留下的 quiz.db.bak-v*），或把它移走；"
                                    "quiz doctor 会说明更多",
                              "en": "{path} has a store version no quiz writes ({version}); it "
                                    "was left as it is: restore a backup (one written by `quiz "
                                    "backup`, or quiz.db.bak-v* from an upgrade) or move it away; "
                                    "`quiz doctor` says more"},
    "store.busy": {"zh": "{path} 被另一个进程锁住，没有做任何改动：等它结束后再试",
                   "en": "{path} is locked by another process; nothing was changed: try again "
                         "once it has finished"},
    "store.busy_waited": {"zh": "{path} 被另一个进程锁住（已等待 {seconds} 秒），没有做任何改动："
                                "等它结束后再试",
                          "en": "{path} is locked by another process (waited {seconds} s); "
                                "nothing was changed: try again once it has finished"},
    "store.io_error": {"zh": "读写 {path} 时出现输入/输出错误（{detail}）；请检查磁盘，然后运行 "
                             "quiz doctor",
                       "en": "input/output error on {path} ({detail}); check the disk, then run "
                             "`quiz doctor`"},
    "store.full": {"zh": "无法写入 {path}：磁盘已满；什么也没有保存，存储也没有损坏："
                         "腾出空间后再试",
                   "en": "cannot write {path}: the disk is full; nothing was saved and the store "
                         "is not damaged: free some space and try again"},
    "store.unwritable": {"zh": "无法写入 {path}：没有权限或只读（{detail}）；存储没有损坏："
                               "让这个文件和它的目录可写，或换一个 --data-dir",
                         "en": "cannot write {path}: permission denied or read-only ({detail}); "
                               "the store is not damaged: make the file and its directory "
                               "writable, or use another --data-dir"},
    "store.unusable": {"zh": "无法使用 {path}：{detail}", "en": "cannot use {path}: {detail}"},
    "store.directory": {"zh": "{path} 是一个目录，不是 quiz 的存储",
                        "en": "{path} is a directory, not a quiz store"},
    "store.no_data_dir": {"zh": "无法创建数据目录 {path}：{detail}",
                          "en": "cannot create the data directory {path}: {detail}"},
    "store.not_sqlite": {"zh": "{path} 不是 SQLite 数据库（已损坏，或不是 quiz 的存储），"
                               "已原样保留：把它移走即可新建存储",
                         "en": "{path} is not a SQLite database (damaged or not a quiz store); "
                               "it was left as it is: move it away to start a new store"},
    "store.foreign": {"zh": "{path} 是 SQLite 数据库，但不是 quiz 的存储，已原样保留",
                      "en": "{path} is a SQLite database but not a quiz store; it was left as "
                            "it is"},
    "store.newer": {"zh": "{path} 由更新版本的 quiz 写入（存储版本 {version}，这个 quiz 最高支持 "
                          "{known}）；请升级 quiz 再用",
                    "en": "{path} was written by a newer quiz (store version {version}; this "
                          "quiz knows up to {known}); upgrade quiz to use it"},
    "store.undo_gone": {"zh": "无法撤销：这次作答已经不在记录里",
                        "en": "nothing to undo: that answer is no longer in the log"},
    "store.undo_answered": {"zh": "无法撤销：这张卡片之后已在另一个会话中作答",
                            "en": "cannot undo: the card has been answered since, in another "
                                  "session"},
    "backup.no_store": {"zh": "{path} 没有复习存储：没有可备份的内容",
                        "en": "there is no review store at {path}: nothing to back up"},
    "exam.no_cards": {"zh": "没有可以出题的卡片", "en": "there are no cards to draw exam "
                                                   "questions from"},
    "optimize.too_few": {"zh": "拟合至少需要 {needed} 条距该卡片上次复习一天及以上的复习记录；"
                               "这份记录只有 {scored} 条",
                         "en": "optimising needs at least {needed} reviews made a day or more "
                               "after the card's previous review; this log has {scored}"},
    "optimize.nothing_to_score": {"zh": "没有距该卡片上次复习一天及以上、可以打分的复习",
                                  "en": "no review a day or more after its card's previous one "
                                        "to score"},
    "optimize.no_optimiser": {"zh": "没有安装 FSRS 优化器：pip install fsrs-rs-python",
                              "en": "no FSRS optimiser is installed: pip install fsrs-rs-python"},
    "optimize.torch": {"zh": "fsrs 优化器需要它的额外依赖：pip install \"fsrs[optimizer]\"",
                       "en": "the fsrs optimiser needs its extra: pip install \"fsrs[optimizer]\""},
    "optimize.stage.fit_heldout": {"zh": "用前 80% 拟合", "en": "fitting on the first 80%"},
    "optimize.stage.score": {"zh": "在后 20% 上打分", "en": "scoring the last 20%"},
    "optimize.stage.fit_all": {"zh": "用全部记录拟合", "en": "fitting on the whole log"},
    "optimize.stage.simulate": {"zh": "模拟各个目标保持率", "en": "simulating retention targets"},
    "doctor.no_store": {"zh": "还没有复习存储；第一个需要它的命令会创建它",
                        "en": "there is no review store yet; the first command that needs one "
                              "creates it"},
    "doctor.directory": {"zh": "它是一个目录，不是 quiz 的存储",
                         "en": "it is a directory, not a quiz store"},
    "doctor.move_directory": {"zh": "把目录 {path} 移走", "en": "move the directory {path} away"},
    "doctor.not_sqlite": {"zh": "它不是 SQLite 数据库（已损坏，或是别的文件）",
                          "en": "it is not a SQLite database (damaged, or some other file)"},
    "doctor.foreign": {"zh": "它是 SQLite 数据库，但不是 quiz 的存储",
                       "en": "it is a SQLite database but not a quiz store"},
    "doctor.elsewhere": {"zh": "把 --data-dir 指向别处，或把这个文件移走",
                         "en": "point --data-dir elsewhere, or move the file away"},
    "doctor.empty": {"zh": "空的存储；quiz 第一次用到时会建表",
                     "en": "an empty store; quiz writes its tables at first use"},
    "doctor.bad_version": {"zh": "存储版本 {version} 不是任何 quiz 会写的",
                           "en": "store version {version} is one no quiz writes"},
    "doctor.upgrade": {"zh": "升级 quiz", "en": "upgrade quiz"},
    "doctor.lacks": {"zh": "存储版本 {version} 缺少 {names}",
                     "en": "store version {version} lacks {names}"},
    "doctor.dangling": {"zh": "{count} 行指向不存在的卡片或考试（外键）",
                        "en": "{count} row points to a card or exam that is not there (foreign "
                              "keys)|{count} rows point to cards or exams that are not there "
                              "(foreign keys)"},
    "doctor.facts": {"zh": "存储版本 {version}，{cards}，{entries}，{size}",
                     "en": "store version {version}, {entries} of {cards}, {size}"},
    "doctor.entries": {"zh": "{shown} 条记录", "en": "{shown} log entry|{shown} log entries"},
    "doctor.cards": {"zh": "{shown} 张卡片", "en": "{shown} card|{shown} cards"},
    "doctor.bytes": {"zh": "{size} 字节", "en": "{size} bytes"},
    "doctor.upgrades": {"zh": "{facts}；下一个打开它的 quiz 会把它升级到版本 {newest}，并保留副本 "
                              "{copy}",
                        "en": "{facts}; the next quiz to open it upgrades it to version {newest}, "
                              "keeping a copy as {copy}"},
    "doctor.read_only": {"zh": "{path} 是只读的：无法保存任何作答",
                         "en": "{path} is read-only: no answer could be saved"},
    "doctor.read_only_directory": {"zh": "它所在的目录 {path} 是只读的：无法保存任何作答",
                                   "en": "its directory {path} is read-only: no answer could be "
                                         "saved"},
    "doctor.make_writable": {"zh": "让你能写入 {name} 和 {directory}，或换一个 --data-dir"
                                   "（存储本身完好）",
                             "en": "make {name} and {directory} writable by you, or use another "
                                   "--data-dir (the store itself is sound)"},
    "doctor.more": {"zh": "……还有 {count} 处", "en": "… and {count} more"},
    "doctor.with": {"zh": "{name}（连同 {other}）", "en": "{name} (with {other})"},
    "doctor.with_both": {"zh": "{name}（连同 {first} 和 {second}）",
                         "en": "{name} (with {first} and {second})"},
    "doctor.move_out": {"zh": "退出所有 quiz，然后把 {name} 移出 {directory}",
                        "en": "quit every quiz, then move {name} out of {directory}"},
    "doctor.restore": {"zh": "把一份备份复制到原处，命名为 {name}；最新的是 {newest}",
                       "en": "copy a backup in its place as {name}; the newest is {newest}"},
    "doctor.restore_newest": {"zh": "把一份备份复制到原处，命名为 {name}；最新的是 {newest}"
                                    "（共找到 {count} 份）",
                              "en": "copy a backup in its place as {name}; the newest is "
                                    "{newest} ({count} found)"},
    "doctor.no_backup": {"zh": "在 {directory} 没有找到备份：quiz 会新建一个空的存储"
                               "（`sqlite3 OLD.db .recover | sqlite3 {name}` "
                               "也许能救回旧存储的一部分）",
                         "en": "no backup was found in {directory}: quiz then starts an empty "
                               "store (`sqlite3 OLD.db .recover | sqlite3 {name}` may save part "
                               "of the old one)"},
}


def locale_lang(environ: Mapping[str, str] | None = None) -> str:
    """The language the locale asks for: the first set of LC_ALL, LC_MESSAGES, LANG."""
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def resolve_lang(choice: str | None, environ: Mapping[str, str] | None = None) -> str:
    """`--lang` or the config's `lang` if given, else the locale's language."""
    if choice:
        if choice not in LANGS:
            raise ValueError(f"unknown language {choice!r}; use one of {', '.join(LANGS)}")
        return choice
    return locale_lang(environ)


class Messages:
    """The catalogue in one language: `t("key", name=value)` formats a message.

    A message with a `count` may have a singular and a plural form, written `one|other`
    (English needs them; Chinese does not): `count` == 1 picks the first
    (`quiz.core.message.fill`).
    """

    def __init__(self, lang: str) -> None:
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
        self.lang = lang

    def __call__(self, key: str, **values: object) -> str:
        return fill(CATALOGUE[key][self.lang], values)

    def text(self, said: str) -> str:
        """What the domain said (`quiz.core.message`), in this language: a Message by its
        catalogue key, its values said likewise; any other text as it is."""
        if not isinstance(said, Message):
            return said
        return self(said.key, **{name: self.text(value) if isinstance(value, Message) else value
                                 for name, value in said.values.items()})

    def error(self, error: BaseException) -> str:
        """An exception's one-line message, in this language when the domain named it."""
        said = error.args[0] if len(error.args) == 1 else None
        return self.text(said) if isinstance(said, Message) else str(error)

    def clock(self, elapsed: timedelta) -> str:
        """A duration as a clock reading: 4:05, or 1:02:03 past an hour."""
        seconds = max(0, int(elapsed.total_seconds()))
        hours, rest = divmod(seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"

    def percent(self, fraction: float | None) -> str:
        """A fraction as a whole percentage; a dash when there is nothing to measure."""
        return "–" if fraction is None else f"{100 * fraction:.0f}%"
