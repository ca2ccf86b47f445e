/** Words of the portal's bills page. */
import { defineMessages } from '../../i18n/i18n';

export const billingMessages = defineMessages(
  {
    title: 'Bills',
    intro:
      'Statements from the practice for what your insurance did not cover, newest first. Pay by card here: your card goes straight to the card processor, and the practice keeps only the card’s brand and last 4 digits.',
    testMode:
      'Test payments: this practice has not connected a card processor yet, so no money moves. The test card 4242 4242 4242 4242 is accepted, and 4000 0000 0000 0002 is declined.',
    noAccess: 'Your access to this record does not include bills.',
    none: 'No statements.',
    totalDue: 'Balance due on all statements: {amount}',
    nothingDue: 'Nothing is due.',
    pay: 'Pay this bill',
    payFor: 'You pay for {name}.',
    noProcessor:
      'Paying by card here is not set up at this practice yet. Ask the front desk how to pay.',
    amount: 'Amount',
    amountHint: 'Up to {amount}.',
    amountProblem: 'Enter an amount in dollars and cents, more than zero and at most the balance.',
    cardNumber: 'Card number',
    expiry: 'Expiry (MM/YY)',
    expiryProblem: 'Enter the month and year printed on the card, as MM/YY.',
    cvc: 'Security code',
    cvcHint: 'The 3 digits on the back (4 on the front of American Express).',
    fillIn: 'Fill this in before paying.',
    submit: 'Pay {amount}',
    cancel: 'Cancel',
    paid: 'Thank you: {amount} was paid toward statement {number}.',
    declined: 'The payment did not go through. {reason}',
    cardSection: 'Pay statement {number}',
  },
  {
    title: 'Facturas',
    intro:
      'Estados de cuenta de la consulta por lo que tu seguro no cubrió, del más reciente al más antiguo. Paga aquí con tarjeta: tu tarjeta va directamente al procesador de pagos, y la consulta solo guarda la marca y los 4 últimos dígitos.',
    testMode:
      'Pagos de prueba: esta consulta aún no ha conectado un procesador de tarjetas, así que no se mueve dinero. Se acepta la tarjeta de prueba 4242 4242 4242 4242, y se rechaza la 4000 0000 0000 0002.',
    noAccess: 'Tu acceso a este expediente no incluye las facturas.',
    none: 'No hay estados de cuenta.',
    totalDue: 'Saldo pendiente de todos los estados de cuenta: {amount}',
    nothingDue: 'No hay nada pendiente.',
    pay: 'Pagar esta factura',
    payFor: 'Pagas por {name}.',
    noProcessor:
      'Esta consulta aún no permite pagar con tarjeta aquí. Pregunta en recepción cómo pagar.',
    amount: 'Importe',
    amountHint: 'Hasta {amount}.',
    amountProblem:
      'Escribe un importe en dólares y centavos, mayor que cero y como máximo el saldo.',
    cardNumber: 'Número de tarjeta',
    expiry: 'Vencimiento (MM/AA)',
    expiryProblem: 'Escribe el mes y el año impresos en la tarjeta, como MM/AA.',
    cvc: 'Código de seguridad',
    cvcHint: 'Los 3 dígitos del reverso (4 en el anverso de American Express).',
    fillIn: 'Rellena esto antes de pagar.',
    submit: 'Pagar {amount}',
    cancel: 'Cancelar',
    paid: 'Gracias: se pagaron {amount} del estado de cuenta {number}.',
    declined: 'El pago no se realizó. {reason}',
    cardSection: 'Pagar el estado de cuenta {number}',
  },
);
