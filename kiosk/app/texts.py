"""Every sentence the kiosk shows, in English and Urdu, in one place.

Urdu follows ``glossary-ur.md`` so the kiosk, board, desk and slip agree. Tokens
and digits stay in Latin form in both languages. This module imports no Kivy.
"""

from typing import Literal

Language = Literal["en", "ur"]

TEXTS: dict[str, tuple[str, str]] = {
    "choose_language": ("Please choose your language", "براہ کرم اپنی زبان منتخب کریں"),
    "welcome": ("Welcome", "خوش آمدید"),
    "choose_service": ("What do you need today?", "آج آپ کو کس خدمت کی ضرورت ہے؟"),
    "wait_about": ("~{minutes} min", "تقریباً {minutes} منٹ"),
    "no_wait": ("No wait", "کوئی انتظار نہیں"),
    "not_now": ("Not available now", "ابھی دستیاب نہیں"),
    "closed_title": ("The centre is closed", "مرکز بند ہے"),
    "opens_at": ("Opens {day} at {time}", "کھلنے کا وقت {day} {time}"),
    "opens_unknown": (
        "Please ask staff when it opens",
        "کھلنے کے وقت کے لیے عملے سے پوچھیں",
    ),
    "check_status": ("Case status", "کیس کی صورتحال"),
    "give_feedback": ("Feedback", "آپ کی رائے"),
    "choose_priority": (
        "Is the ticket for one of these?",
        "کیا ٹکٹ ان میں سے کسی کے لیے ہے؟",
    ),
    "women": ("Women (gender desk)", "خواتین (جینڈر ڈیسک)"),
    "senior": ("Senior citizen", "بزرگ شہری"),
    "disability": ("Person with disability", "خصوصی افراد"),
    "normal": ("No priority", "عام"),
    "back": ("Back", "واپس"),
    "next": ("Next", "آگے"),
    "cancel": ("Cancel", "منسوخ"),
    "done": ("Done", "مکمل"),
    "continue": ("Continue?", "جاری رکھیں؟"),
    "idle_notice": (
        "Returning to the start in {seconds} s",
        "{seconds} سیکنڈ میں شروع کی اسکرین پر واپسی",
    ),
    "token": ("Token", "ٹوکن"),
    "people_ahead": ("People ahead of you: {count}", "آپ سے پہلے افراد: {count}"),
    "estimated_wait": (
        "Estimated wait: ~{minutes} min",
        "متوقع انتظار: تقریباً {minutes} منٹ",
    ),
    "documents": ("Documents to bring", "ساتھ لانے والی دستاویزات"),
    "issuing": ("Getting your ticket…", "آپ کا ٹکٹ بن رہا ہے…"),
    "printing": ("Printing…", "پرنٹ ہو رہا ہے…"),
    "take_ticket": ("Please take your ticket", "براہ کرم اپنا ٹکٹ لے لیں"),
    "take_receipt": ("Please take your receipt", "براہ کرم اپنی رسید لے لیں"),
    "note_number": (
        "Please note your number; staff have been told",
        "براہ کرم اپنا نمبر نوٹ کر لیں؛ عملے کو اطلاع دے دی گئی ہے",
    ),
    "tracking_code": ("Tracking code", "ٹریکنگ کوڈ"),
    "case_number": ("Case number", "کیس نمبر"),
    "staff": ("Staff", "عملہ"),
    "reprint": ("Reprint", "دوبارہ پرنٹ"),
    "reprinted": ("Printed again", "دوبارہ پرنٹ ہو گیا"),
    "issue_failed": (
        "Sorry, no ticket could be given. Please ask at a counter.",
        "معذرت، ٹکٹ نہیں بن سکا۔ براہ کرم کاؤنٹر سے رابطہ کریں۔",
    ),
    "service_closed": (
        "This service is not available now. Please ask at a counter.",
        "یہ خدمت ابھی دستیاب نہیں۔ براہ کرم کاؤنٹر سے رابطہ کریں۔",
    ),
    "scan_slip": (
        "Hold your slip's QR code in front of the camera",
        "اپنی پرچی کا کیو آر کوڈ کیمرے کے سامنے رکھیں",
    ),
    "type_code": ("Type your tracking code", "اپنا ٹریکنگ کوڈ درج کریں"),
    "check": ("Check", "دیکھیں"),
    "checking": ("Checking…", "دیکھا جا رہا ہے…"),
    "status_now": ("Status: {status}", "صورتحال: {status}"),
    "history": ("History", "تاریخچہ"),
    "bad_code": (
        "This code has a mistake in it. Please check the code on your slip.",
        "اس کوڈ میں غلطی ہے۔ براہ کرم اپنی پرچی پر کوڈ دوبارہ دیکھیں۔",
    ),
    "type_token": ("Type the token on your slip", "اپنی پرچی پر لکھا ٹوکن درج کریں"),
    "unknown_token": (
        "No ticket with this token today. Please check your slip.",
        "آج اس ٹوکن کا کوئی ٹکٹ نہیں ملا۔ براہ کرم اپنی پرچی دیکھیں۔",
    ),
    "rate_visit": ("How was your visit?", "آپ کا تجربہ کیسا رہا؟"),
    "rate_1": ("Very bad", "بہت برا"),
    "rate_2": ("Bad", "برا"),
    "rate_3": ("Fair", "ٹھیک"),
    "rate_4": ("Good", "اچھا"),
    "rate_5": ("Very good", "بہت اچھا"),
    "tags_title": ("What was it about? (optional)", "کس بارے میں؟ (اختیاری)"),
    "tag_waiting_time": ("Waiting time", "انتظار کا وقت"),
    "tag_courtesy": ("Courtesy", "خوش اخلاقی"),
    "tag_cleanliness": ("Cleanliness", "صفائی"),
    "tag_result": ("Result", "نتیجہ"),
    "send": ("Send", "بھیجیں"),
    "thank_you": ("Thank you", "شکریہ"),
    "feedback_saved": (
        "Your feedback helps us serve you better.",
        "آپ کی رائے سے ہماری خدمت بہتر ہوتی ہے۔",
    ),
    "complaint_title": ("Register a complaint", "شکایت کا اندراج"),
    "name": ("Name", "نام"),
    "relation_name": ("Father's or husband's name", "والد یا شوہر کا نام"),
    "cnic": ("CNIC", "شناختی کارڈ"),
    "mobile": ("Mobile number", "موبائل نمبر"),
    "category": ("Kind of matter", "معاملے کی قسم"),
    "description": ("What happened? (a few words)", "کیا ہوا؟ (مختصراً)"),
    "gender_desk_offer": (
        "I am a woman: serve me at the women and children desk",
        "میں خاتون ہوں: خواتین و بچوں کے ڈیسک (جینڈر ڈیسک) پر خدمت کریں",
    ),
    "submit": ("Register", "درج کریں"),
    "registering": ("Registering…", "درج ہو رہا ہے…"),
    "bad_cnic": (
        "The CNIC must have 13 digits: 00000-0000000-0",
        "شناختی کارڈ نمبر 13 ہندسوں کا ہونا چاہیے",
    ),
    "bad_mobile": (
        "The mobile number must be a Pakistani mobile: 03XX-XXXXXXX",
        "موبائل نمبر 03 سے شروع ہونے والا 11 ہندسوں کا پاکستانی نمبر ہونا چاہیے",
    ),
    "empty_name": ("Please write your name", "براہ کرم اپنا نام لکھیں"),
    "empty_relation_name": (
        "Please write your father's or husband's name",
        "براہ کرم والد یا شوہر کا نام لکھیں",
    ),
    "name_digits": ("A name cannot contain digits", "نام میں ہندسے نہیں ہو سکتے"),
    "name_long": ("This name is too long", "یہ نام بہت لمبا ہے"),
    "empty_category": (
        "Please choose the kind of matter",
        "براہ کرم معاملے کی قسم منتخب کریں",
    ),
    "empty_description": (
        "Please describe the matter in a few words",
        "براہ کرم معاملہ مختصراً بیان کریں",
    ),
    "long_description": ("The description is too long", "تفصیل بہت لمبی ہے"),
    "complaint_next": (
        "Your complaint is registered. Keep this receipt; staff will call your token.",
        "آپ کی شکایت درج ہو گئی ہے۔ یہ رسید سنبھال کر رکھیں؛ عملہ آپ کا ٹوکن پکارے گا۔",
    ),
    "staff_pin": ("Staff PIN", "عملے کا پن"),
    "wrong_pin": ("Wrong PIN", "غلط پن"),
    "pin_locked": (
        "Locked; try again in {seconds} s",
        "بند ہے؛ {seconds} سیکنڈ بعد کوشش کریں",
    ),
    "exit_kiosk": ("Close the kiosk", "کیوسک بند کریں"),
    "ok": ("OK", "ٹھیک ہے"),
    "language_name": ("English", "اردو"),
    "today": ("today", "آج"),
    "tomorrow": ("tomorrow", "کل"),
    "yes": ("Yes", "جی ہاں"),
    "no": ("No", "جی نہیں"),
    "gender_desk": (
        "Would you like the women and children desk (gender desk)?",
        "کیا آپ خواتین و بچوں کے ڈیسک (جینڈر ڈیسک) پر جانا چاہیں گی؟",
    ),
    "step_of": ("Step {step} of {steps}", "مرحلہ {step} از {steps}"),
    "keyboard_other": ("اردو", "ABC"),
    "space": ("space", "وقفہ"),
}

WEEKDAYS_UR = ("پیر", "منگل", "بدھ", "جمعرات", "جمعہ", "ہفتہ", "اتوار")
WEEKDAYS_EN = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)


def text(key: str, language: str, **values: object) -> str:
    """Return sentence ``key`` in ``language`` ("en" or "ur"), filled with values.

    Raises KeyError naming the key when it is not in :data:`TEXTS`.
    """
    english, urdu = TEXTS[key]
    template = urdu if language == "ur" else english
    return template.format(**values) if values else template


def other_language(language: str) -> Language:
    """Return the language that is not ``language``."""
    return "en" if language == "ur" else "ur"


def pick(pair: tuple[str, str], language: str) -> str:
    """Return the English or Urdu half of an ``(en, ur)`` pair."""
    return pair[1] if language == "ur" else pair[0]
